/** Prediction pixels that were not finite before clamping, by kind. */
export interface NonFiniteCounts {
  nan: number;
  posInf: number;
  negInf: number;
}

export function totalNonFinite(counts: NonFiniteCounts): number {
  return counts.nan + counts.posInf + counts.negInf;
}

/**
 * Replaces non-finite predictions in place as bts_eval.py ends up doing — +∞ → max, NaN → min,
 * −∞ → min (it is "< min") — and counts them, so a model that emits NaNs is visible in the
 * report instead of silently scoring as min depth.
 */
export function replaceNonFinite(data: Float32Array, minDepth: number, maxDepth: number): NonFiniteCounts {
  const counts: NonFiniteCounts = { nan: 0, posInf: 0, negInf: 0 };
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v === 0) continue; // finite; Inf − Inf and NaN − NaN are NaN
    if (v !== v) {
      counts.nan++;
      data[i] = minDepth;
    } else if (v > 0) {
      counts.posInf++;
      data[i] = maxDepth;
    } else {
      counts.negInf++;
      data[i] = minDepth;
    }
  }
  return counts;
}

/** Clamps in place to [minDepth, maxDepth] (pred < min → min, pred > max → max). */
export function clampDepth(data: Float32Array, minDepth: number, maxDepth: number): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < minDepth) data[i] = minDepth;
    else if (v > maxDepth) data[i] = maxDepth;
  }
}

/** Counts NaN and ±∞ without writing: the report's number when the clamp happens while scoring. */
export function countNonFinite(data: Float32Array): NonFiniteCounts {
  const counts: NonFiniteCounts = { nan: 0, posInf: 0, negInf: 0 };
  if (allFinite(data)) return counts;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v === 0) continue;
    if (v !== v) counts.nan++;
    else if (v > 0) counts.posInf++;
    else counts.negInf++;
  }
  return counts;
}

/**
 * v − v is 0 for finite v and NaN otherwise, so the sum is 0 exactly when every value is finite.
 * Four independent sums and no branch: about twice as fast as testing each value, and nearly
 * every prediction frame is all finite.
 */
function allFinite(data: Float32Array): boolean {
  let a = 0, b = 0, c = 0, d = 0;
  const end4 = data.length - (data.length % 4);
  for (let i = 0; i < end4; i += 4) {
    a += data[i] - data[i];
    b += data[i + 1] - data[i + 1];
    c += data[i + 2] - data[i + 2];
    d += data[i + 3] - data[i + 3];
  }
  for (let i = end4; i < data.length; i++) a += data[i] - data[i];
  return a + b + c + d === 0;
}
