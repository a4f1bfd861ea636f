import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { countNonFinite, nonFiniteWeightMessage } from '../io/non-finite.js';
import type { Safetensors, SafetensorsEntry } from './safetensors.js';
import { isIgnoredTorchvisionKey, torchvisionSlots, type TorchvisionSlot } from './torchvision-names.js';

/** PyTorch's layout of a depthkit weight: conv kernels are OIHW where depthkit's are HWIO. */
function torchShape(shape: number[]): number[] {
  return shape.length === 4 ? [shape[3], shape[2], shape[0], shape[1]] : shape;
}

const listed = (names: string[], limit = 12) =>
  names.length <= limit ? names.join(', ') : `${names.slice(0, limit).join(', ')} … (${names.length - limit} more)`;

/**
 * Loads a torchvision state_dict (as safetensors) into a backbone from `createBackbone`, after
 * checking that every depthkit weight gets exactly one tensor of the right shape. The classifier
 * head (`fc.*`, `classifier.*`) and `num_batches_tracked` counters are ignored.
 */
export function importTorchvisionWeights(model: tfl.LayersModel, weights: Safetensors, file: string): void {
  const slots = torchvisionSlots(model);
  const expected = new Map(slots.map((slot) => [slot.key, slot]));
  const provided = [...weights.tensors.keys()].filter((key) => !isIgnoredTorchvisionKey(key));
  const missing = slots.map((s) => s.key).filter((key) => !weights.tensors.has(key));
  const unexpected = provided.filter((key) => !expected.has(key));
  const mismatched: string[] = [];
  for (const slot of slots) {
    const entry = weights.tensors.get(slot.key);
    const want = torchShape(slot.shape);
    if (entry != null && entry.shape.join(',') !== want.join(',')) {
      mismatched.push(`${slot.key} (expected [${want.join(', ')}], found [${entry.shape.join(', ')}])`);
    }
  }
  const problems = [
    missing.length > 0 ? `missing ${missing.length}: ${listed(missing)}` : '',
    unexpected.length > 0 ? `unexpected ${unexpected.length}: ${listed(unexpected)}` : '',
    mismatched.length > 0 ? `wrong shape ${mismatched.length}: ${listed(mismatched)}` : '',
  ].filter((p) => p !== '');
  if (problems.length > 0) {
    throw new Error(`${file}: expected torchvision ${model.name} weights (${slots.length} tensors); ${problems.join('; ')}`);
  }
  assign(slots, (slot) => weights.tensors.get(slot.key)!, file);
}

function assign(slots: TorchvisionSlot[], entryOf: (slot: TorchvisionSlot) => SafetensorsEntry, file: string): void {
  const byLayer = new Map<tfl.layers.Layer, TorchvisionSlot[]>();
  for (const slot of slots) byLayer.set(slot.layer, [...(byLayer.get(slot.layer) ?? []), slot]);
  for (const [layer, layerSlots] of byLayer) {
    // Every weight of a backbone layer has a slot, so this replaces them all.
    const values: tf.Tensor[] = [];
    for (const slot of layerSlots) {
      const entry = entryOf(slot);
      const data = entry.toFloat32();
      const bad = countNonFinite(data);
      if (bad > 0) {
        tf.dispose(values);
        throw new Error(nonFiniteWeightMessage(file, slot.key, entry.shape, bad));
      }
      values[slot.index] = tf.tidy(() => {
        const t = tf.tensor(data, entry.shape, 'float32');
        return slot.shape.length === 4 ? tf.transpose(t, [2, 3, 1, 0]) : t;
      });
    }
    layer.setWeights(values);
    // The variables now hold their own reference to the data.
    tf.dispose(values);
  }
}
