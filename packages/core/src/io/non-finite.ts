/** How many values are NaN or ±Inf (browser-safe: weight importers and readers share it). */
export function countNonFinite(values: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
  return bad;
}

/** The refusal for a weight tensor holding NaN/Inf: the file, the tensor, the count, what to do. */
export function nonFiniteWeightMessage(where: string, tensor: string, shape: readonly number[], bad: number): string {
  return `${where}: weight '${tensor}' [${shape.join(', ')}] holds ${bad} NaN/Inf value${bad === 1 ? '' : 's'}; expected finite numbers — refused (re-export or retrain the weights)`;
}
