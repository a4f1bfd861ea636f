import { join } from 'node:path';
import { writePng16 } from '../../io/write-image.js';
import { writeRgbImage } from '../../io/write-image.js';
import { nyuLabeled, nyuSpec } from '../nyu-spec.js';
import type { NyuLabeledMat } from './labeled-mat.js';
import type { NyuEntry } from './split-entry.js';

export interface ExportNyuOptions {
  /** Called after each written frame (progress). */
  onFrame?: (done: number, total: number) => void;
}

/**
 * Writes labeled frames in BTS's layout, byte-compatible with its extraction script: RGB with
 * everything outside the registered area set to black, as JPEG (quality 95, OpenCV's default);
 * rawDepths × 1000 computed in float32 and truncated to uint16, as numpy's astype does.
 */
export async function exportNyuLabeled(
  mat: NyuLabeledMat,
  entries: NyuEntry[],
  outDir: string,
  options: ExportNyuOptions = {},
): Promise<number> {
  const border = nyuSpec.borders.labeled;
  let done = 0;
  for (const entry of entries) {
    if (entry.index == null || !entry.depthPath) {
      throw new Error(`${entry.id}: an export entry needs an rgb_XXXXX index and a depth path`);
    }
    const rgb = mat.image(entry.index);
    for (let y = 0; y < rgb.height; y++) {
      for (let x = 0; x < rgb.width; x++) {
        const inside = y >= border.rows[0] && y < border.rows[1] && x >= border.cols[0] && x < border.cols[1];
        if (!inside) rgb.data.fill(0, (y * rgb.width + x) * 3, (y * rgb.width + x) * 3 + 3);
      }
    }
    const depth = mat.depth(entry.index, nyuLabeled.exportDepth);
    const stored = new Uint16Array(depth.data.length);
    for (let i = 0; i < stored.length; i++) {
      const mm = Math.trunc(Math.fround(depth.data[i] * nyuLabeled.exportDepthScale));
      stored[i] = mm > 0 ? Math.min(mm, 65535) : 0;
    }
    await writeRgbImage(join(outDir, entry.rgbPath), rgb);
    await writePng16(join(outDir, entry.depthPath), { width: depth.width, height: depth.height, channels: 1, data: stored });
    done++;
    options.onFrame?.(done, entries.length);
  }
  return done;
}
