import { kittiSpec, loadMethodModel, nyuSpec, openSplit, type DatasetSpec } from '@depthkit/core';
import { dsSidenet } from '../method.js';
import { defaultCoarseRouterOptions, maxCoarseDepth } from './coarse-router.js';

/** What `calibrate` reports: the chosen σ and how the validation maxima fall around it. */
export interface SigmaCalibration {
  sigma: number;
  /** Fraction of validation images routed to their own range with this σ. */
  accuracy: number;
  low: { count: number; min: number; median: number; max: number };
  high: { count: number; min: number; median: number; max: number };
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
}

/**
 * Chooses σ from the coarse network's d_max on low-range (indoor) and high-range (outdoor)
 * validation images, as §3 does with the ROB validation set: the threshold with the fewest
 * misrouted images (d_max > σ ⇒ high); among equally good ones the middle of the widest gap
 * between consecutive maxima, so that σ sits as far from both groups as the data allows.
 */
export function calibrateSigma(lowMaxima: number[], highMaxima: number[]): SigmaCalibration {
  if (lowMaxima.length === 0 || highMaxima.length === 0) {
    throw new Error(`calibrate: need d_max of both low- and high-range validation images, got ${lowMaxima.length} low and ${highMaxima.length} high`);
  }
  const all = [...lowMaxima, ...highMaxima].sort((a, b) => a - b);
  const total = all.length;
  const errors = (sigma: number) => lowMaxima.filter((v) => v > sigma).length + highMaxima.filter((v) => v <= sigma).length;
  // Candidates: below everything, the midpoints between consecutive maxima, above everything.
  const candidates: Array<{ sigma: number; gap: number }> = [{ sigma: all[0] - 1e-6, gap: 0 }];
  for (let i = 0; i + 1 < total; i++) candidates.push({ sigma: (all[i] + all[i + 1]) / 2, gap: all[i + 1] - all[i] });
  candidates.push({ sigma: all[total - 1], gap: 0 });
  let best = candidates[0];
  let bestErrors = errors(best.sigma);
  for (const c of candidates.slice(1)) {
    const e = errors(c.sigma);
    if (e < bestErrors || (e === bestErrors && c.gap > best.gap)) {
      best = c;
      bestErrors = e;
    }
  }
  return { sigma: best.sigma, accuracy: 1 - bestErrors / total, low: summary(lowMaxima), high: summary(highMaxima) };
}

export interface CalibrateOnDataOptions {
  coarseModelDir: string;
  /** NYU-layout folder: its images must route low. */
  lowDataDir: string;
  /** KITTI-layout folder: its images must route high. */
  highDataDir: string;
  /** Split of both folders to read (default `test`: depthkit synth and the official layouts have one). */
  split?: string;
  lowSplitFile?: string;
  highSplitFile?: string;
  inputHeight?: number;
  limit?: number;
}

/** §3's calibration: d_max of the coarse network on both validation sets, then calibrateSigma. */
export async function calibrateOnData(o: CalibrateOnDataOptions): Promise<SigmaCalibration> {
  const coarse = await loadMethodModel(dsSidenet, o.coarseModelDir);
  const height = o.inputHeight ?? defaultCoarseRouterOptions.inputHeight;
  const maxima = async (spec: DatasetSpec, dir: string, splitFile?: string) => {
    const split = await openSplit(spec, dir, o.split ?? 'test', { splitFile });
    const n = Math.min(split.ids.length, o.limit ?? Infinity);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(maxCoarseDepth(coarse.built, coarse.config, (await split.read(i)).rgb, height));
    return out;
  };
  try {
    return calibrateSigma(await maxima(nyuSpec, o.lowDataDir, o.lowSplitFile), await maxima(kittiSpec, o.highDataDir, o.highSplitFile));
  } finally {
    coarse.built.model.dispose();
  }
}
