import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { DepthMap } from '../io/image-types.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * A 16-bit greyscale depth PNG in metres (value ÷ depthScale), on evaluation's hot path.
 * The IHDR is checked by hand — 8 bytes cheaper than a sharp metadata() round trip, which
 * matters at two files per image — so an 8-bit or colour PNG is an error naming the file rather
 * than silently rescaled. Bytes are read here, not by sharp, so libvips' file cache cannot serve
 * a stale copy of a prediction rewritten in place. Division, not multiplication by 1/scale,
 * keeps values identical to numpy's `png.astype(np.float32) / 1000.0`.
 */
export async function readPng16Depth(file: string, depthScale: number): Promise<DepthMap> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`${file}: cannot read a 16-bit depth PNG: ${(error as Error).message}`);
  }
  checkIhdr(bytes, file);
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await sharp(bytes).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new Error(`${file}: cannot decode a 16-bit depth PNG: ${(error as Error).message.split('\n')[0]}`);
  }
  const { data: raw, info } = decoded;
  if (info.channels !== 1) throw new Error(`${file}: expected a single-channel 16-bit depth PNG, decoded ${info.channels} channels`);
  const samples = raw.byteOffset % 2 === 0 ? new Uint16Array(raw.buffer, raw.byteOffset, raw.length / 2) : new Uint16Array(new Uint8Array(raw).buffer);
  const data = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) data[i] = samples[i] / depthScale;
  return { width: info.width, height: info.height, data };
}

function checkIhdr(bytes: Uint8Array, file: string): void {
  if (bytes.length < 33 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${file}: expected a 16-bit depth PNG, found no PNG signature`);
  }
  const bitDepth = bytes[24];
  const colourType = bytes[25];
  if (bitDepth !== 16 || colourType !== 0) {
    const kind = ({ 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'grey+alpha', 6: 'RGBA' } as Record<number, string>)[colourType] ?? `colour type ${colourType}`;
    throw new Error(`${file}: expected a 16-bit greyscale depth PNG, found ${bitDepth}-bit ${kind}`);
  }
}
