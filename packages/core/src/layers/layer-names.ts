const counters = new Map<string, number>();

/**
 * A unique default layer name. tfjs derives defaults from the class name, which the
 * `@depthkit/core>` prefix makes an invalid tensor name.
 */
export function defaultLayerName(prefix: string): string {
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  return `${prefix}_${n}`;
}
