/**
 * How uint8 RGB becomes the network's float input: x = (v / 255 − mean[c]) / std[c]. The default
 * is ImageNet's mean and std, as BTS (torchvision Normalize) and most encoder-backed methods use.
 */
export interface Normalisation {
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

export const imagenetNormalisation: Normalisation = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** Plain [0, 1] values. */
export const unitNormalisation: Normalisation = { mean: [0, 0, 0], std: [1, 1, 1] };

/** One 256-entry float table per channel, so normalising a pixel is a lookup. */
export function normalisationTables(n: Normalisation): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v / 255 - n.mean[c]) / n.std[c];
    return table;
  });
}

export function normaliseInto(out: Float32Array, offset: number, rgb: Uint8Array, tables: Float32Array[]): void {
  const [r, g, b] = tables;
  for (let i = 0; i < rgb.length; i += 3) {
    out[offset + i] = r[rgb[i]];
    out[offset + i + 1] = g[rgb[i + 1]];
    out[offset + i + 2] = b[rgb[i + 2]];
  }
}
