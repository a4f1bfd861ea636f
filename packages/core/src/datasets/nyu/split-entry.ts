/**
 * One line of a BTS NYU list: `scene/rgb_00045.jpg scene/sync_depth_00045.png 518.8579`
 * (train lists start paths with '/'; the depth field may be absent in image-only lists).
 */
export interface NyuEntry {
  id: string;
  rgbPath: string;
  depthPath?: string;
  focal?: number;
  /** The XXXXX in rgb_XXXXX: the 0-based index into the labeled .mat for the official test set. */
  index?: number;
}

export function parseNyuEntry(line: string, source: string): NyuEntry {
  const fields = line.trim().split(/\s+/);
  const strip = (p: string) => p.replace(/^\/+/, '');
  const rgbPath = strip(fields[0] ?? '');
  if (!/\.(jpg|jpeg|png)$/i.test(rgbPath)) {
    throw new Error(`${source}: expected an NYU split line 'scene/rgb_XXXXX.jpg scene/sync_depth_XXXXX.png focal', found '${line}'`);
  }
  const index = /rgb_(\d+)\.\w+$/.exec(rgbPath)?.[1];
  const focal = fields[2] != null ? Number(fields[2]) : undefined;
  return {
    id: line.trim(),
    rgbPath,
    ...(fields[1] && fields[1] !== 'None' ? { depthPath: strip(fields[1]) } : {}),
    ...(focal != null && Number.isFinite(focal) ? { focal } : {}),
    ...(index != null ? { index: Number(index) } : {}),
  };
}

/** Every line of a list, errors naming `file:line`. */
export function parseNyuEntries(lines: string[], file: string): NyuEntry[] {
  return lines.map((line, i) => parseNyuEntry(line, `${file}:${i + 1}`));
}
