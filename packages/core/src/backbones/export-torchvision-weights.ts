import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { torchvisionSlots } from './torchvision-names.js';

/**
 * A backbone's weights under torchvision's state_dict keys and layouts (OIHW kernels), ready for
 * `encodeSafetensors`: the inverse of `importTorchvisionWeights`.
 */
export function exportTorchvisionWeights(model: tfl.LayersModel): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const slot of torchvisionSlots(model)) {
    const value = slot.layer.getWeights()[slot.index];
    const torch = tf.tidy(() => (value.rank === 4 ? tf.transpose(value, [3, 2, 0, 1]) : value.clone()));
    out[slot.key] = { data: torch.dataSync() as Float32Array, shape: torch.shape };
    torch.dispose();
  }
  return out;
}
