import sharp from 'sharp';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/** Writes a single-channel 8-bit PNG (label maps), atomically. */
export async function writePng8(file: string, width: number, height: number, data: Uint8Array): Promise<void> {
  if (data.length !== width * height) throw new Error(`${file}: ${width}×${height} label map needs ${width * height} values, got ${data.length}`);
  // Without b-w, sharp would store a one-channel input as three-channel sRGB.
  const bytes = await sharp(data, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer();
  await writeFileAtomic(file, bytes);
}
