/** δ_d of §3.1.3: (max D − min D) / divisor over the image's valid depths (0 when none). */
export function depthBand(depth: Float32Array, valid: (i: number) => boolean, divisor: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < depth.length; i++) {
    if (!valid(i)) continue;
    lo = Math.min(lo, depth[i]);
    hi = Math.max(hi, depth[i]);
  }
  return hi >= lo ? (hi - lo) / divisor : 0;
}

/**
 * Region labels for the supervised loss, one image: a region is "pixels at similar depth", so an
 * instance whose valid depths span more than δ_d is cut into bands `bandWidth`·δ_d wide from its
 * nearest pixel (a band that wide keeps every pixel within δ_d of its middle, L_rw's "right").
 * Pixels without valid depth get −1. Ids are compact, 0…R−1, in first-seen order.
 */
export function regionLabelsFromInstances(
  instances: Int32Array, depth: Float32Array, mask: Float32Array, divisor: number, bandWidth: number,
): Int32Array {
  const valid = (i: number) => mask[i] > 0 && depth[i] > 0;
  const deltaD = depthBand(depth, valid, divisor);
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (let i = 0; i < instances.length; i++) {
    if (!valid(i)) continue;
    const id = instances[i];
    lo.set(id, Math.min(lo.get(id) ?? Infinity, depth[i]));
    hi.set(id, Math.max(hi.get(id) ?? -Infinity, depth[i]));
  }
  const ids = new Map<string, number>();
  const labels = new Int32Array(instances.length).fill(-1);
  for (let i = 0; i < instances.length; i++) {
    if (!valid(i)) continue;
    const id = instances[i];
    const spread = hi.get(id)! - lo.get(id)!;
    const band = spread > deltaD && deltaD > 0 ? Math.floor((depth[i] - lo.get(id)!) / (bandWidth * deltaD)) : 0;
    const key = `${id}:${band}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    labels[i] = ids.get(key)!;
  }
  return labels;
}
