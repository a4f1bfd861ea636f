import { extname } from 'node:path';
import sharp from 'sharp';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { Png16Image, RgbImage } from './image-types.js';

export interface WriteRgbOptions {
  /** JPEG quality; 95 is OpenCV's default, which the BTS extraction scripts used. */
  quality?: number;
}

/** Writes an 8-bit RGB image as PNG or JPEG, chosen by the file's extension. */
export async function writeRgbImage(file: string, image: RgbImage, options: WriteRgbOptions = {}): Promise<void> {
  checkSize(file, image.width, image.height, 3, image.data.length);
  const ext = extname(file).toLowerCase();
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  let bytes: Buffer;
  if (ext === '.png') bytes = await pipeline.png().toBuffer();
  else if (ext === '.jpg' || ext === '.jpeg') bytes = await pipeline.jpeg({ quality: options.quality ?? 95 }).toBuffer();
  else throw new Error(`${file}: cannot choose an image format for extension '${ext}'; use .png, .jpg or .jpeg`);
  await writeFileAtomic(file, bytes);
}

/** An 8-bit RGB image as PNG bytes (reports inline them as data URIs). */
export async function encodeRgbPng(image: RgbImage): Promise<Buffer> {
  checkSize('PNG encoding', image.width, image.height, 3, image.data.length);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
}

/** Writes 16-bit samples losslessly (1 channel → grey16 PNG, 3 → rgb16 PNG). */
export async function writePng16(file: string, image: Png16Image): Promise<void> {
  checkSize(file, image.width, image.height, image.channels, image.data.length);
  if (image.channels !== 1 && image.channels !== 3) {
    throw new Error(`${file}: can write 1- or 3-channel 16-bit PNGs, got ${image.channels} channels`);
  }
  // A Uint16Array input is what tells sharp the raw samples are 16-bit.
  const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .toColourspace(image.channels === 1 ? 'grey16' : 'rgb16')
    .png()
    .toBuffer();
  await writeFileAtomic(file, bytes);
}

function checkSize(file: string, width: number, height: number, channels: number, length: number): void {
  if (width * height * channels !== length) {
    throw new Error(`${file}: ${width}×${height}×${channels} image needs ${width * height * channels} samples, got ${length}`);
  }
}
