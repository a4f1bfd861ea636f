import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveBackbone } from '../backbones/backbone-files.js';
import type { BackboneArch, OutputStride } from '../backbones/backbone-types.js';
import { createBackbone } from '../backbones/create-backbone.js';

/** Every weight of a model by its name (`originalName`, as saved), as plain numbers. */
export function weightsByName(model: tfl.LayersModel): Record<string, number[]> {
  const values = model.getWeights();
  return Object.fromEntries(model.weights.map((w, i) => [w.originalName, Array.from(values[i].dataSync())]));
}

/**
 * Writes a backbone folder (as `depthkit import-weights` does) whose weights no initializer
 * would draw: weight i holds i + 0.001·j at position j. Returns them by name, for tests of
 * `loadBackboneWeights` and `--backbone-weights`.
 */
export async function saveKnownBackbone(arch: BackboneArch, dir: string, outputStride: OutputStride = 32): Promise<Record<string, number[]>> {
  const backbone = createBackbone({ arch, outputStride, inputShape: [null, null, 3] });
  try {
    const known = backbone.model.weights.map((w, i) => {
      const shape = w.shape as number[];
      return tf.tidy(() => tf.reshape(tf.add(tf.mul(tf.range(0, tf.util.sizeFromShape(shape)), 0.001), i), shape));
    });
    backbone.model.setWeights(known);
    tf.dispose(known);
    await saveBackbone(backbone, dir);
    return weightsByName(backbone.model);
  } finally {
    backbone.model.dispose();
  }
}

/** The one model nested in `model` (where a method applies its core backbone). */
export function nestedModelOf(model: tfl.LayersModel): tfl.LayersModel {
  const nested = model.layers.filter((l): l is tfl.LayersModel => l instanceof tfl.LayersModel);
  if (nested.length !== 1) throw new Error(`model '${model.name}': expected one nested model, found ${nested.length}`);
  return nested[0];
}
