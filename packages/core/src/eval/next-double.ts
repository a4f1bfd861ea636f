const f64 = new Float64Array(1);
const bits = new BigInt64Array(f64.buffer);

/**
 * The neighbouring float64 of a finite positive x (direction +1 up, −1 down); ±∞ and 0 are
 * returned as they are. Lets an inclusive cap reuse the strict comparison of the metric loop.
 */
export function nextDouble(x: number, direction: 1 | -1): number {
  if (!Number.isFinite(x) || x <= 0) return x;
  f64[0] = x;
  bits[0] += BigInt(direction);
  return f64[0];
}
