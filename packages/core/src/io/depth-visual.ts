import type { DepthMap } from './image-types.js';
import { colourizeDepth, colourizeError, type DepthColourOptions, type ErrorMapOptions } from './depth-colour.js';
import { writeRgbImage } from './write-image.js';

export { colourizeDepth, colourizeError, depthColourRange, type DepthColourOptions, type ErrorMapOptions } from './depth-colour.js';

export async function writeDepthColourPng(file: string, depth: DepthMap, options?: DepthColourOptions): Promise<void> {
  await writeRgbImage(file, colourizeDepth(depth, options));
}

export async function writeErrorMapPng(
  file: string,
  prediction: DepthMap,
  groundTruth: DepthMap,
  options?: ErrorMapOptions,
): Promise<void> {
  await writeRgbImage(file, colourizeError(prediction, groundTruth, options));
}
