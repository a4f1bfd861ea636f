import { colourizeDepth, type ColormapName } from '@depthkit/core/web';

/** A depth map in metres, row-major: what `estimate` returns (min/max optional here). */
export interface DepthPixels {
  depth: Float32Array;
  width: number;
  height: number;
}

/**
 * The depth map as an image, coloured exactly as the CLI's `colour/*.png`: inverse depth through
 * `colormap` (magma by default), from the nearest depth to the 95th percentile of inverse depth,
 * or over `range` = [near, far] metres when given (one colour means one depth across frames).
 * Pixels without depth are black.
 */
export function toColour(result: DepthPixels, colormap: ColormapName = 'magma', range?: [number, number]): ImageData {
  const { depth, width, height } = result;
  if (!(depth instanceof Float32Array) || depth.length !== width * height) {
    throw new Error(`toColour: expected { depth: Float32Array of width × height = ${width * height}, width, height }, found ${depth instanceof Float32Array ? `${depth.length} values` : 'no Float32Array depth'}`);
  }
  if (range && !(range[0] > 0 && range[1] > range[0])) {
    throw new Error(`toColour: expected range [near, far] metres with 0 < near < far, found [${range.join(', ')}]`);
  }
  const rgb = colourizeDepth({ width, height, data: depth }, { colormap, inverse: true, ...(range ? { range: [1 / range[1], 1 / range[0]] as [number, number] } : {}) });
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; j < rgb.data.length; i += 4, j += 3) {
    rgba[i] = rgb.data[j];
    rgba[i + 1] = rgb.data[j + 1];
    rgba[i + 2] = rgb.data[j + 2];
    rgba[i + 3] = 255;
  }
  // Node has no ImageData: the same shape, so tests and workers can use it.
  return typeof ImageData === 'function' ? new ImageData(rgba, width, height) : ({ data: rgba, width, height, colorSpace: 'srgb' } as ImageData);
}
