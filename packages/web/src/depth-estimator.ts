import * as tf from '@tensorflow/tfjs-core';
import { predictSampleTensor, type DepthMethod, type Intrinsics, type LoadedMethodModel, type MethodPreset } from '@depthkit/core/web';
import { rgbOf, type DepthImage } from './image-input.js';
import type { DepthModelMetadata } from './load-depth-model.js';

/** Metric depth for one image, at the image's size. */
export interface DepthResult {
  /** Metres, row-major, width × height. */
  depth: Float32Array;
  width: number;
  height: number;
  /** Smallest and largest finite depth, metres. */
  min: number;
  max: number;
}

export interface EstimateOptions {
  /**
   * The camera, in pixels of this image. Default: the dataset's fixed intrinsics when the image
   * has the dataset's native size (an NYU frame is 640×480), else none — as the CLI predicts a
   * user's own image. `null`: none.
   */
  intrinsics?: Intrinsics | null;
}

interface EstimatorParts {
  method: DepthMethod<unknown>;
  preset: MethodPreset<unknown>;
  loaded: LoadedMethodModel<unknown>;
  testSize: [number, number] | null;
  backend: string;
  metadata: DepthModelMetadata;
}

/** A loaded model that turns images into metric depth, as Node's predictSample does. */
export class DepthEstimator {
  /** The method id (e.g. 'hma-depth'). */
  readonly method: string;
  readonly preset: string;
  /** The dataset the preset trains on ('kitti', 'nyu', 'synthia'). */
  readonly dataset: string;
  /** [h, w] the image is resized to before the network; null: its own size, padded to the stride. */
  readonly testSize: [number, number] | null;
  /** The tfjs backend it computes on. */
  readonly backend: string;
  readonly metadata: DepthModelMetadata;
  private readonly parts: EstimatorParts;
  private disposed = false;

  constructor(parts: EstimatorParts) {
    this.parts = parts;
    this.method = parts.method.id;
    this.preset = parts.preset.name;
    this.dataset = parts.preset.dataset.name;
    this.testSize = parts.testSize;
    this.backend = parts.backend;
    this.metadata = parts.metadata;
  }

  /** Depth in metres at the image's size: resized to the preset's test size, padded to the stride, normalised, predicted, resized back. */
  async estimate(image: DepthImage, options: EstimateOptions = {}): Promise<DepthResult> {
    if (this.disposed) throw new Error(`estimate: this ${this.method} estimator was disposed; load the model again`);
    const rgb = await rgbOf(image);
    // Another model may have switched tfjs to another backend since: compute where the weights live.
    if (tf.getBackend() !== this.backend) await tf.setBackend(this.backend);
    const { method, loaded } = this.parts;
    const intrinsics = options.intrinsics === undefined ? this.defaultIntrinsics(rgb.width, rgb.height) : options.intrinsics ?? undefined;
    const tensor = predictSampleTensor(method, loaded.built, loaded.config, rgb, this.testSize ?? undefined, intrinsics);
    let depth: Float32Array;
    try {
      depth = (await tensor.data()) as Float32Array;
    } finally {
      tensor.dispose();
    }
    const [min, max] = finiteRange(depth);
    return { depth, width: rgb.width, height: rgb.height, min, max };
  }

  /** The dataset's fixed camera, if it has one and the image is at the dataset's native size. */
  private defaultIntrinsics(width: number, height: number): Intrinsics | undefined {
    const spec = this.parts.preset.testDataset ?? this.parts.preset.dataset;
    const [h, w] = spec.resolution.native;
    return spec.intrinsics.source === 'fixed' && h === height && w === width ? spec.intrinsics.fixed : undefined;
  }

  /** Frees the network's weights; the estimator cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.parts.loaded.built.model.dispose();
  }
}

function finiteRange(values: Float32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [Number.NaN, Number.NaN];
}
