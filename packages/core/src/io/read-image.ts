import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { Png16Image, RgbImage } from './image-types.js';
import { assertFileExists, readFailure } from './read-failure.js';

/**
 * Reads the bytes ourselves rather than handing sharp a path: libvips caches by file name, so a
 * file rewritten in place could otherwise be served stale.
 */
async function load(file: string, what: string): Promise<{ image: sharp.Sharp; meta: sharp.Metadata }> {
  await assertFileExists(file, what);
  const bytes = await readFile(file);
  try {
    const image = sharp(bytes);
    return { image, meta: await image.metadata() };
  } catch (error) {
    throw readFailure(file, what, error);
  }
}

/** Default cap on an image's pixels before decoding (16 megapixels: a 6000×4000 photo would take ~2 GB as float tensors). */
export const defaultMaxPixels = 16_000_000;

const rgbWhat = 'an RGB image (PNG or JPEG)';

/** An RGB image's size from its header only (nothing decoded), refusing what is not a PNG/JPEG or exceeds `maxPixels`. */
export async function readRgbImageHeader(file: string, { maxPixels = defaultMaxPixels }: { maxPixels?: number } = {}): Promise<{ height: number; width: number }> {
  const { meta } = await load(file, rgbWhat).catch((error: Error) => {
    if (/no such file/.test(error.message)) throw error;
    throw new Error(`${file}: not an image — expected ${rgbWhat}, found a file no image decoder recognises; pass .png or .jpg files`, { cause: error });
  });
  return checkRgbHeader(file, meta, maxPixels);
}

function checkRgbHeader(file: string, meta: sharp.Metadata, maxPixels: number): { height: number; width: number } {
  if (meta.format !== 'png' && meta.format !== 'jpeg') {
    throw new Error(`${file}: expected ${rgbWhat}, found ${meta.format ?? 'an unknown format'}`);
  }
  const { width = 0, height = 0 } = meta;
  if (width * height > maxPixels) {
    throw new Error(`${file}: ${height}×${width} is ${(width * height / 1e6).toFixed(1)} megapixels, above the limit of ${(maxPixels / 1e6).toFixed(1)}; ` +
      `downscale it, or raise the limit with --max-pixels ${width * height}`);
  }
  return { height, width };
}

/** An 8-bit RGB image from a PNG or JPEG (grey is expanded, alpha dropped); the header is checked (format, `maxPixels`) before decoding. */
export async function readRgbImage(file: string, { maxPixels = Number.POSITIVE_INFINITY }: { maxPixels?: number } = {}): Promise<RgbImage> {
  const what = rgbWhat;
  const { image, meta } = await load(file, what);
  checkRgbHeader(file, meta, maxPixels);
  try {
    const { data, info } = await image.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    throw readFailure(file, what, error);
  }
}

export interface ReadPng16Options {
  /** What the file should hold, for messages (e.g. "a KITTI depth PNG"). */
  what?: string;
  /** Required channel count; omitted accepts 1–4. */
  channels?: number;
}

/**
 * A 16-bit PNG's samples, exactly. sharp's plain `raw({ depth: 'ushort' })` would convert grey to
 * three sRGB channels and rescale; pinning the colourspace (grey16 / rgb16) keeps stored values.
 */
export async function readPng16(file: string, options: ReadPng16Options = {}): Promise<Png16Image> {
  const what = options.what ?? 'a 16-bit PNG';
  const { image, meta } = await load(file, what);
  if (meta.format !== 'png') {
    throw new Error(`${file}: expected ${what}, found ${meta.format ?? 'an unknown format'}`);
  }
  if (meta.depth !== 'ushort') {
    const bits = meta.bitsPerSample ?? (meta.depth === 'uchar' ? 8 : meta.depth);
    throw new Error(`${file}: expected ${what} with 16 bits per sample, found ${bits}-bit ${meta.space ?? ''} PNG`.trimEnd());
  }
  const stored = meta.channels ?? 0;
  if (options.channels != null && stored !== options.channels) {
    throw new Error(`${file}: expected ${what} with ${options.channels} channel(s), found ${stored}`);
  }
  const space = stored <= 2 ? 'grey16' : 'rgb16';
  try {
    const { data, info } = await image.toColourspace(space).raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== stored) throw new Error(`decoded to ${info.channels} channels, header says ${stored}`);
    return { width: info.width, height: info.height, channels: info.channels, data: toUint16(data) };
  } catch (error) {
    throw readFailure(file, what, error);
  }
}

/** A single-channel 16-bit PNG (depth maps): 8-bit or colour files are rejected by name. */
export async function readGray16Png(file: string, what = 'a 16-bit greyscale PNG'): Promise<Png16Image> {
  return readPng16(file, { what, channels: 1 });
}

function toUint16(data: Buffer): Uint16Array {
  // Typed arrays need 2-byte alignment; sharp's buffer offset is not guaranteed to give it.
  if (data.byteOffset % 2 === 0) return new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
  return new Uint16Array(new Uint8Array(data).buffer);
}
