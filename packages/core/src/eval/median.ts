/**
 * Median of the first n values of `values`, reordering them in place (quickselect, O(n) on
 * average, no allocation). Even n gives the mean of the two middle values, as np.median does.
 */
export function medianInPlace(values: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  const k = n >> 1;
  const upper = select(values, 0, n - 1, k);
  if (n % 2 === 1) return upper;
  // After selecting k, everything left of k is ≤ it; the lower middle is their maximum.
  let lower = values[0];
  for (let i = 1; i < k; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

function select(a: Float64Array, left: number, right: number, k: number): number {
  while (right > left) {
    const pivot = medianOfThree(a[left], a[(left + right) >> 1], a[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}
