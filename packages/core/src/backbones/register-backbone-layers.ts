import * as tf from '@tensorflow/tfjs-core';
import { GroupedConv2D } from './grouped-conv2d.js';

let registered = false;

/** Registers the backbones' own layers (`@depthkit/core>GroupedConv2D`) for deserialisation. */
export function registerBackboneLayers(): void {
  if (registered) return;
  tf.serialization.SerializationMap.register(GroupedConv2D);
  registered = true;
}
