import { describe, expect, it } from 'vitest';
import { roundSchedule, summariseRounds } from './rounds.js';

describe('round scheduling', () => {
  it('alternates PyTorch and depthkit, PyTorch first in every round', () => {
    expect(roundSchedule(3)).toEqual([
      { round: 0, side: 'torch' }, { round: 0, side: 'depthkit' },
      { round: 1, side: 'torch' }, { round: 1, side: 'depthkit' },
      { round: 2, side: 'torch' }, { round: 2, side: 'depthkit' },
    ]);
  });
});

describe('round summary', () => {
  const rounds = [
    { torchForwardMs: 10, forwardMs: 30, torchTrainStepMs: 100, trainStepMs: 150 },
    // A round where the machine was busy for PyTorch only: its ratio is the outlier.
    { torchForwardMs: 40, forwardMs: 32, torchTrainStepMs: 300, trainStepMs: 160 },
    { torchForwardMs: 12, forwardMs: 30, torchTrainStepMs: 110, trainStepMs: 220 },
  ];

  it('gives each round its own ratio and reports the median of those ratios', () => {
    const s = summariseRounds(rounds);
    expect(s.rounds.map((r) => r.forwardRatio)).toEqual([3, 0.8, 2.5]);
    expect(s.rounds.map((r) => r.trainRatio)).toEqual([1.5, 160 / 300, 2]);
    expect(s.forwardRatio).toBe(2.5);
    expect(s.trainRatio).toBe(1.5);
  });

  it('reports the median of per-round ratios, not the ratio of the medians', () => {
    const s = summariseRounds(rounds);
    expect(s.trainStepMs).toBe(160);
    expect(s.torchTrainStepMs).toBe(110);
    expect(s.trainRatio).toBe(1.5);
    expect(s.trainRatio).not.toBeCloseTo(160 / 110, 3);
  });

  it('takes the mean of the middle two over an even number of rounds', () => {
    const s = summariseRounds([...rounds, { torchForwardMs: 10, forwardMs: 10, torchTrainStepMs: 100, trainStepMs: 100 }]);
    expect(s.forwardRatio).toBeCloseTo((1 + 2.5) / 2, 12);
  });

  it('has no median when a round has no figure, rather than a median of the rounds that ran', () => {
    const s = summariseRounds([...rounds, { torchForwardMs: 10, forwardMs: 30, torchTrainStepMs: 100, trainStepMs: null }]);
    expect(s.rounds[3].trainRatio).toBeNull();
    expect(s.trainRatio).toBeNull();
    expect(s.trainStepMs).toBeNull();
    expect(s.forwardRatio).toBe(2.75);
  });
});
