import { describe, expect, it } from 'vitest';
import { calibrateSigma } from './calibrate.js';

describe('σ calibration (§3)', () => {
  it('separable maxima: σ in the middle of the gap, accuracy 1', () => {
    const c = calibrateSigma([2, 3.5, 4], [7, 9, 30]);
    expect(c.sigma).toBe(5.5);
    expect(c.accuracy).toBe(1);
    expect(c.low).toEqual({ count: 3, min: 2, median: 3.5, max: 4 });
    expect(c.high).toEqual({ count: 3, min: 7, median: 9, max: 30 });
  });

  it('overlapping maxima: the threshold with the fewest misrouted frames (one of six here)', () => {
    const c = calibrateSigma([3, 6, 8], [7.5, 9, 12]);
    // σ = 6.75 misroutes the indoor 8, σ = 8.5 the street 7.5, σ = 7.75 both: of the two with one
    // error, 6.75 sits in the wider gap (6 → 7.5, 1.5 m, against 8 → 9, 1 m).
    expect(c.accuracy).toBeCloseTo(5 / 6, 12);
    expect(c.sigma).toBe(6.75);
  });

  it('refuses an empty side, saying what it needs', () => {
    expect(() => calibrateSigma([], [3])).toThrow('calibrate: need d_max of both low- and high-range validation images, got 0 low and 1 high');
  });
});
