import { describe, expect, it } from 'vitest';
import { createSchedule } from './schedule.js';

describe('createSchedule', () => {
  it('constant stays at the base rate', () => {
    const lr = createSchedule(0.1, 10);
    expect([0, 5, 9].map(lr)).toEqual([0.1, 0.1, 0.1]);
  });

  it('poly follows DeepLab: base·(1 − step/total)^power', () => {
    const lr = createSchedule(1e-4, 100, { type: 'poly', power: 0.9 });
    expect(lr(0)).toBe(1e-4);
    expect(lr(50)).toBeCloseTo(1e-4 * 0.5 ** 0.9, 18);
    expect(lr(99)).toBeCloseTo(1e-4 * 0.01 ** 0.9, 18);
    expect(lr(100)).toBe(0);
  });

  it('poly with an end rate decays (base − end) onto end', () => {
    const lr = createSchedule(1e-4, 10, { type: 'poly', power: 1, endLr: 1e-5 });
    expect(lr(5)).toBeCloseTo(1e-5 + 9e-5 * 0.5, 18);
    expect(lr(10)).toBeCloseTo(1e-5, 18);
  });

  it('cosine goes from base through the midpoint to end', () => {
    const lr = createSchedule(2, 8, { type: 'cosine' });
    expect(lr(0)).toBe(2);
    expect(lr(4)).toBeCloseTo(1, 15);
    expect(lr(2)).toBeCloseTo(1 + Math.SQRT1_2, 15);
    expect(lr(8)).toBeCloseTo(0, 15);
  });

  it('step decays by gamma every stepSize steps or at milestones', () => {
    const every = createSchedule(1, 100, { type: 'step', stepSize: 10, gamma: 0.5 });
    expect([0, 9, 10, 25].map(every)).toEqual([1, 1, 0.5, 0.25]);
    const milestones = createSchedule(1, 100, { type: 'step', milestones: [3, 7], gamma: 0.1 });
    expect([2, 3, 6, 7].map(milestones)).toEqual([1, 0.1, 0.1, 0.1 ** 2]);
  });

  it('linear warm-up scales the regular rate from warmupFactor to 1', () => {
    const lr = createSchedule(1, 100, { type: 'constant', warmupSteps: 4, warmupFactor: 0.2 });
    [0.2, 0.4, 0.6, 0.8, 1, 1].forEach((want, i) => expect(lr([0, 1, 2, 3, 4, 50][i])).toBeCloseTo(want, 15));
    const poly = createSchedule(1, 10, { type: 'poly', power: 1, warmupSteps: 2, warmupFactor: 0 });
    expect(poly(1)).toBeCloseTo(0.9 * 0.5, 15);
  });

  it('rejects a bad configuration', () => {
    expect(() => createSchedule(1, 0)).toThrow(/totalSteps/);
    expect(() => createSchedule(1, 10, { type: 'step' })).toThrow(/stepSize/);
  });
});
