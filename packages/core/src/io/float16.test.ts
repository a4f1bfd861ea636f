import { describe, expect, it } from 'vitest';
import { float16Bits, float16Value } from './float16.js';

// Bit patterns from the IEEE 754 binary16 tables (and numpy.float16(x).view(np.uint16)).
const cases: Array<[number, number]> = [
  [0, 0x0000],
  [-0, 0x8000],
  [1, 0x3c00],
  [-2, 0xc000],
  [65504, 0x7bff],
  [1 / 3, 0x3555],
  [0.1, 0x2e66],
  [2 ** -14, 0x0400], // smallest normal
  [2 ** -24, 0x0001], // smallest subnormal
  [2 ** -25, 0x0000], // half of it: a tie, to even (zero)
  [1.5 * 2 ** -25, 0x0001],
  [65520, 0x7c00], // rounds up past the largest finite value
  [Infinity, 0x7c00],
  [-Infinity, 0xfc00],
  [1 + 2 ** -11, 0x3c00], // tie between 1 and the next float16: to even (1)
  [1 + 3 * 2 ** -11, 0x3c02], // tie between 1+2^-10 and 1+2^-9: to even (the latter)
  [2 - 2 ** -11, 0x4000], // tie between 2-2^-10 (odd) and 2: to even, across the exponent boundary
];

describe('float16Bits', () => {
  it.each(cases)('%s → 0x%s', (value, bits) => {
    expect(float16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    expect(float16Value(float16Bits(NaN))).toBeNaN();
  });

  it('is within half a float16 step of every value in range, and exact on float16 values', () => {
    for (let i = 0; i < 2000; i++) {
      const v = (Math.sin(i * 12.9898) * 43758.5453 % 1) * 2 ** ((i % 30) - 15);
      const back = float16Value(float16Bits(v));
      const step = 2 ** (Math.max(-14, Math.floor(Math.log2(Math.abs(v)))) - 10);
      expect(Math.abs(back - v)).toBeLessThanOrEqual(step / 2);
      expect(float16Value(float16Bits(back))).toBe(back);
    }
  });
});
