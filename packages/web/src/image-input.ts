import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '@depthkit/core/web';
import { describeValue } from './model-source.js';

/** RGBA bytes, row-major: an `ImageData`, or the same shape without the DOM type (Node, a worker's pixels). */
export interface RgbaPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/** Anything `estimate` takes: a decoded image, a video frame, a canvas, pixels, or a [h, w, 3|4] tensor of 0–255 values. */
export type DepthImage =
  | HTMLImageElement
  | ImageBitmap
  | ImageData
  | RgbaPixels
  | HTMLCanvasElement
  | HTMLVideoElement
  | OffscreenCanvas
  | tf.Tensor3D;

const expected = 'an HTMLImageElement, ImageBitmap, ImageData, HTMLCanvasElement, HTMLVideoElement, OffscreenCanvas or tf.Tensor3D [height, width, 3] of 0–255 values';

function isA<T>(name: string, value: unknown): value is T {
  const ctor = (globalThis as Record<string, unknown>)[name];
  return typeof ctor === 'function' && value instanceof (ctor as new () => T);
}

function isPixels(value: unknown): value is RgbaPixels {
  const v = value as RgbaPixels;
  return v != null && typeof v === 'object' && typeof v.width === 'number' && typeof v.height === 'number' && (v.data instanceof Uint8ClampedArray || v.data instanceof Uint8Array);
}

/** The image's 8-bit RGB pixels, as the Node CLI gets them from a decoded file. */
export async function rgbOf(image: DepthImage): Promise<RgbImage> {
  if (image instanceof tf.Tensor) return rgbOfTensor(image);
  if (isPixels(image)) return rgbOfPixels(image, 'ImageData');
  if (isA<HTMLImageElement>('HTMLImageElement', image)) {
    if (!image.complete || image.naturalWidth === 0) {
      throw new Error(`estimate: the image ${image.src ? `'${image.src.slice(0, 120)}'` : ''} is not decoded (expected a loaded image with a size; await image.decode() first), found ${image.complete ? 'a broken image' : 'one still loading'}`);
    }
    return draw(image, image.naturalWidth, image.naturalHeight);
  }
  if (isA<HTMLVideoElement>('HTMLVideoElement', image)) {
    if (image.readyState < 2 || image.videoWidth === 0) {
      throw new Error(`estimate: expected a video with a current frame (readyState ≥ 2), found readyState ${image.readyState}, ${image.videoWidth}×${image.videoHeight}`);
    }
    return draw(image, image.videoWidth, image.videoHeight);
  }
  if (isA<ImageBitmap>('ImageBitmap', image) || isA<HTMLCanvasElement>('HTMLCanvasElement', image) || isA<OffscreenCanvas>('OffscreenCanvas', image)) {
    return draw(image, image.width, image.height);
  }
  throw new Error(`estimate: expected ${expected}; found ${describeValue(image)}`);
}

function checkSize(width: number, height: number, what: string): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new Error(`estimate: expected ${what} with a positive integer size, found ${width}×${height}`);
  }
}

function rgbOfPixels(pixels: RgbaPixels, what: string): RgbImage {
  const { width, height, data } = pixels;
  checkSize(width, height, what);
  if (data.length !== width * height * 4) {
    throw new Error(`estimate: expected ${what} of ${width}×${height} to hold ${width * height * 4} RGBA bytes, found ${data.length}`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 4, j += 3) {
    rgb[j] = data[i];
    rgb[j + 1] = data[i + 1];
    rgb[j + 2] = data[i + 2];
  }
  return { width, height, data: rgb };
}

async function rgbOfTensor(tensor: tf.Tensor): Promise<RgbImage> {
  const [height, width, channels] = tensor.shape;
  if (tensor.rank !== 3 || (channels !== 3 && channels !== 4)) {
    throw new Error(`estimate: expected a tf.Tensor3D [height, width, 3] (or 4, RGBA) of 0–255 values, found a tensor of shape [${tensor.shape.join(', ')}]`);
  }
  if (tensor.dtype !== 'int32' && tensor.dtype !== 'float32') {
    throw new Error(`estimate: expected an int32 or float32 image tensor of 0–255 values (as tf.browser.fromPixels gives), found dtype ${tensor.dtype}`);
  }
  checkSize(width, height, 'an image tensor');
  const values = await tensor.data();
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const v = values[p * channels + c];
      if (!(v >= 0 && v <= 255 && Number.isInteger(v))) {
        throw new Error(`estimate: expected an image tensor of integers 0–255 (as tf.browser.fromPixels gives; scale a 0–1 image by 255 and round), found ${v} at pixel ${p % width},${Math.floor(p / width)} channel ${c}`);
      }
      rgb[p * 3 + c] = v;
    }
  }
  return { width, height, data: rgb };
}

/** Pixels of anything a 2D canvas can draw, read back exactly (no smoothing: drawn at its own size). */
function draw(source: CanvasImageSource, width: number, height: number): RgbImage {
  checkSize(width, height, 'an image');
  const canvas = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new Error('estimate: this browser gives no 2D canvas context to read the image\'s pixels');
  context.drawImage(source, 0, 0, width, height);
  return rgbOfPixels(context.getImageData(0, 0, width, height), 'the image');
}
