import { median } from './median.js';

export type Side = 'torch' | 'depthkit';

/** The order a case is timed in: PyTorch then depthkit, round after round (A B A B …). */
export function roundSchedule(rounds: number): Array<{ round: number; side: Side }> {
  return Array.from({ length: rounds }, (_, round) => [{ round, side: 'torch' as const }, { round, side: 'depthkit' as const }]).flat();
}

/** One round's medians (ms), null where a side could not run that mode. */
export interface RoundFigures {
  torchForwardMs: number | null;
  forwardMs: number | null;
  torchTrainStepMs: number | null;
  trainStepMs: number | null;
}

export interface RoundWithRatios extends RoundFigures {
  forwardRatio: number | null;
  trainRatio: number | null;
}

export interface RoundsSummary {
  rounds: RoundWithRatios[];
  /** Median over rounds of each side's time, and median of the per-round ratios (not the ratio of medians). */
  forwardMs: number | null;
  torchForwardMs: number | null;
  trainStepMs: number | null;
  torchTrainStepMs: number | null;
  forwardRatio: number | null;
  trainRatio: number | null;
}

const ratio = (mine: number | null, theirs: number | null) => (mine === null || theirs === null || theirs <= 0 ? null : mine / theirs);

/** A median only when every round has the figure: a partial median would hide failed rounds. */
function medianOfAll(values: Array<number | null>): number | null {
  return values.length > 0 && values.every((v): v is number => v !== null) ? median(values) : null;
}

export function summariseRounds(figures: readonly RoundFigures[]): RoundsSummary {
  const rounds = figures.map((f) => ({ ...f, forwardRatio: ratio(f.forwardMs, f.torchForwardMs), trainRatio: ratio(f.trainStepMs, f.torchTrainStepMs) }));
  return {
    rounds,
    forwardMs: medianOfAll(rounds.map((r) => r.forwardMs)),
    torchForwardMs: medianOfAll(rounds.map((r) => r.torchForwardMs)),
    trainStepMs: medianOfAll(rounds.map((r) => r.trainStepMs)),
    torchTrainStepMs: medianOfAll(rounds.map((r) => r.torchTrainStepMs)),
    forwardRatio: medianOfAll(rounds.map((r) => r.forwardRatio)),
    trainRatio: medianOfAll(rounds.map((r) => r.trainRatio)),
  };
}
