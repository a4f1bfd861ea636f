import type { DepthMap, RgbImage } from '../../io/image-types.js';
import type { DepthSample } from '../sample.js';
import type { Intrinsics } from '../spec.js';

/** A per-pixel integer map (class or instance ids) resampled with the depth, never blended. */
export interface IdMap {
  width: number;
  height: number;
  data: Uint16Array;
}

/**
 * What the pipeline carries from reader to batch: RGB HWC uint8, depth in metres with 0 = no
 * measurement (the validity mask is derived from it), optional class / instance maps.
 */
export interface TrainSample {
  id: string;
  rgb: RgbImage;
  depth?: DepthMap;
  labels?: IdMap;
  instances?: IdMap;
  intrinsics?: Intrinsics;
}

/** A reader's sample, plus the instance map a generator may add. */
export type SourceSample = DepthSample & { instances?: IdMap };

export function toTrainSample(sample: SourceSample): TrainSample {
  const { id, rgb, depth, labels, instances, intrinsics } = sample;
  return {
    id,
    rgb,
    ...(depth ? { depth } : {}),
    ...(labels ? { labels } : {}),
    ...(instances ? { instances } : {}),
    ...(intrinsics ? { intrinsics: { ...intrinsics } } : {}),
  };
}

/** Any single-channel plane the geometric augmentations move with the image. */
export type PlaneData = Float32Array | Uint16Array;

export interface Plane<T extends PlaneData = PlaneData> {
  width: number;
  height: number;
  data: T;
}

/**
 * Applies one geometric resampling to the RGB and (nearest-neighbour, so ids and depths are never
 * mixed) to every map the sample has, keeping them aligned by construction.
 */
export function resampleSample(
  sample: TrainSample,
  rgb: (image: RgbImage) => RgbImage,
  plane: <T extends PlaneData>(map: Plane<T>) => Plane<T>,
): TrainSample {
  const out: TrainSample = { ...sample, rgb: rgb(sample.rgb) };
  for (const key of ['depth', 'labels', 'instances'] as const) {
    const map = sample[key];
    if (!map) continue;
    if (map.width !== sample.rgb.width || map.height !== sample.rgb.height) {
      throw new Error(`sample '${sample.id}': ${key} is ${map.width}×${map.height} but its image is ${sample.rgb.width}×${sample.rgb.height}`);
    }
    (out as unknown as Record<string, Plane>)[key] = plane(map as Plane);
  }
  return out;
}

/** A zeroed array of the same kind. */
export function emptyLike<T extends PlaneData | Uint8Array>(data: T, length: number): T {
  return new (data.constructor as new (n: number) => T)(length);
}
