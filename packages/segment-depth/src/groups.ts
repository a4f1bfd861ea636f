import * as tf from '@tensorflow/tfjs-core';
import { cityscapesTrainIds, synthiaClasses } from '@depthkit/core/web';
import type { LabelSet, ObjectGroups } from './config.js';

/** Class id → name for a label set (ids without a name are absent). */
export function labelNames(set: LabelSet): Map<number, string> {
  if (set === 'synthia') return new Map(synthiaClasses.map((name, id) => [id, name]));
  return new Map(Object.entries(cityscapesTrainIds).map(([name, id]) => [id, name]));
}

/**
 * Class id → group index (0 = L1 … 3 = L4) for every id up to the set's largest; the last entry
 * stands for every larger id (background). Names that are not in the set are allowed (one
 * mapping serves both vocabularies) but a name in two groups is an error.
 */
export function groupTable(set: LabelSet, groups: ObjectGroups): Int32Array {
  const names = labelNames(set);
  const byName = new Map<string, number>();
  [groups.foreground, groups.flat, groups.vegetation].forEach((list, g) => {
    for (const name of list) {
      const before = byName.get(name);
      if (before != null && before !== g) throw new Error(`segment-depth groups: class '${name}' is in two groups (L${before + 1} and L${g + 1})`);
      byName.set(name, g);
    }
  });
  const largest = Math.max(...names.keys());
  const table = new Int32Array(largest + 2).fill(3);
  for (const [id, name] of names) table[id] = byName.get(name) ?? 3;
  return table;
}

/** Binary masks L_1…L_4 [B, H, W, 4] (float32) of class ids [B, H, W, 1]. */
export function groupMasks(labels: tf.Tensor, table: Int32Array): tf.Tensor4D {
  return tf.tidy(() => {
    // Clipped as float32: the wasm backend's ClipByValue leaves int32 tensors unclipped.
    const ids = tf.cast(tf.clipByValue(tf.cast(labels, 'float32'), 0, table.length - 1), 'int32');
    const group = tf.gather(tf.tensor1d(table, 'int32'), tf.reshape(ids, [-1]));
    const [b, h, w] = labels.shape;
    // One-hot as int32, then cast: the wasm OneHot kernel writes int32 bits whatever dtype is asked.
    return tf.reshape(tf.cast(tf.oneHot(group, 4), 'float32'), [b, h, w, 4]) as tf.Tensor4D;
  });
}
