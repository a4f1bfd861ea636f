/**
 * One line of a KITTI split list. Three forms are in use:
 *   monodepth2 eigen:           `2011_09_26/2011_09_26_drive_0002_sync 0000000069 l`
 *   monodepth2 eigen_benchmark: `2011_09_26/2011_09_26_drive_0002_sync 69 l`
 *   BTS:                        `2011_09_26/…_sync/image_02/data/0000000069.png …_sync/proj_depth/groundtruth/image_02/0000000069.png 721.5377`
 *                               (GT path `None` when the frame has no benchmark GT)
 */
export interface KittiEntry {
  /** The line as written, used as the sample id. */
  id: string;
  date: string;
  /** Drive folder, e.g. `2011_09_26_drive_0002_sync`. */
  drive: string;
  frame: number;
  side: 'l' | 'r';
  /** BTS lists only: the benchmark GT path they name, or null for `None`. */
  gtPath?: string | null;
  /** BTS lists only: the focal length they give. */
  focal?: number;
}

const datePattern = /^\d{4}_\d{2}_\d{2}$/;

export function parseKittiEntry(line: string, source: string): KittiEntry {
  const fields = line.trim().split(/\s+/);
  const bad = (why: string) =>
    new Error(`${source}: expected a KITTI split line 'date/drive frame l|r' or BTS 'rgb gt|None focal', found '${line}' (${why})`);
  const path = fields[0] ?? '';
  if (path.endsWith('.png') || path.endsWith('.jpg')) {
    const match = /^(?:\/)?([^/]+)\/([^/]+)\/image_0([23])\/data\/(\d+)\.(?:png|jpg)$/.exec(path);
    if (!match || fields.length < 2) throw bad('unrecognised BTS image path');
    const [, date, drive, camera, frame] = match;
    if (!datePattern.test(date)) throw bad(`'${date}' is not a date folder`);
    const focal = fields[2] != null ? Number(fields[2]) : undefined;
    return {
      id: line.trim(),
      date,
      drive,
      frame: Number(frame),
      side: camera === '2' ? 'l' : 'r',
      gtPath: fields[1] === 'None' ? null : fields[1],
      ...(focal != null && Number.isFinite(focal) ? { focal } : {}),
    };
  }
  if (fields.length < 2) throw bad('too few fields');
  const [date, drive, ...rest] = path.split('/');
  if (!datePattern.test(date) || !drive || rest.length > 0) throw bad(`'${path}' is not 'date/drive'`);
  if (!/^\d+$/.test(fields[1])) throw bad(`frame '${fields[1]}' is not a number`);
  const side = fields[2] ?? 'l';
  if (side !== 'l' && side !== 'r') throw bad(`side '${side}' is not l or r`);
  return { id: line.trim(), date, drive, frame: Number(fields[1]), side };
}

export function frameName(frame: number): string {
  return String(frame).padStart(10, '0');
}

/** Every line of a list, errors naming `file:line`. */
export function parseKittiEntries(lines: string[], file: string): KittiEntry[] {
  return lines.map((line, i) => parseKittiEntry(line, `${file}:${i + 1}`));
}
