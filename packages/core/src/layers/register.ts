import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from './batch-norm.js';
import { GroupedConv2D } from '../backbones/grouped-conv2d.js';
import { AdaptiveAvgPool } from './adaptive-avg-pool.js';
import { ImagePooling } from './aspp.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { ResizeLike } from './resize-like.js';
import { Unpool2x } from './unpool.js';
import { Conv2D } from './conv2d.js';
import { GroupNorm } from './group-norm.js';
import { ReplicatePad } from './replicate-pad.js';
import { Resize } from './resize.js';

/** Prefix of every layer class name core serialises, e.g. `@depthkit/core>BatchNorm`. */
export const corePackageName = '@depthkit/core';

let registered = false;

/**
 * Registers core's layers for (de)serialisation under `@depthkit/core>…`. Called by
 * `initEngine` and by model loading; importing core registers nothing.
 */
export function registerCoreLayers(): void {
  if (registered) return;
  // The class names already carry the package prefix; register them under exactly that name.
  for (const cls of [BatchNorm, Resize, ResizeLike, Conv2D, DepthwiseConv2D, GroupNorm, ReplicatePad, ImagePooling, Unpool2x, AdaptiveAvgPool, GroupedConv2D]) tf.serialization.SerializationMap.register(cls);
  registered = true;
}
