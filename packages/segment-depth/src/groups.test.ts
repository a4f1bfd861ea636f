import * as tf from '@tensorflow/tfjs-core';
import { cityscapesTrainIds, initEngine, synthiaClasses, synthiaSpec } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultGroups } from './config.js';
import { groupMasks, groupTable } from './groups.js';

// The assignment, written out by hand per vocabulary (0 = L1 … 3 = L4).
const synthiaExpected: Record<string, number> = {
  void: 3, sky: 3, building: 1, road: 1, sidewalk: 1, fence: 1, vegetation: 2, pole: 0, car: 0, 'traffic sign': 0,
  pedestrian: 0, bicycle: 0, motorcycle: 0, 'parking-slot': 1, 'road-work': 0, 'traffic light': 0, terrain: 2, rider: 0,
  truck: 0, bus: 0, train: 0, wall: 1, lanemarking: 1,
};
const cityscapesExpected: Record<string, number> = {
  road: 1, sidewalk: 1, building: 1, wall: 1, fence: 1, pole: 0, 'traffic light': 0, 'traffic sign': 0, vegetation: 2,
  terrain: 2, sky: 3, person: 0, rider: 0, car: 0, truck: 0, bus: 0, train: 0, motorcycle: 0, bicycle: 0, ignore: 3,
};

describe('object groups L1–L4 from class labels', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('maps every SYNTHIA id as the issue lists, and agrees with the SYNTHIA spec\'s groups', () => {
    const table = groupTable('synthia', defaultGroups);
    synthiaClasses.forEach((name, id) => expect(table[id], name).toBe(synthiaExpected[name]));
    Object.values(synthiaSpec.labels.groups).forEach((ids, g) => ids.forEach((id) => expect(table[id], synthiaClasses[id]).toBe(g)));
    expect(table[table.length - 1]).toBe(3);
  });

  it('maps every Cityscapes trainId, 255 (ignore) to background', () => {
    const table = groupTable('cityscapes', defaultGroups);
    for (const [name, id] of Object.entries(cityscapesTrainIds)) expect(table[id], name).toBe(cityscapesExpected[name]);
    // Ids no class uses (19…254) and anything above are background.
    expect(Array.from(table.slice(19, 255)).every((g) => g === 3)).toBe(true);
  });

  it('turns a label map into one-hot group masks [B, H, W, 4], ids out of range as background', async () => {
    const table = groupTable('synthia', defaultGroups);
    const ids = [8, 3, 6, 1, 0, 22, 16, 999];
    const labels = tf.tensor4d(ids, [1, 2, 4, 1], 'int32');
    await expectNoTensorLeak(() => {
      const masks = groupMasks(labels, table);
      expect(masks.shape).toEqual([1, 2, 4, 4]);
      const rows = tf.tidy(() => tf.argMax(masks, -1).dataSync());
      expect(Array.from(rows)).toEqual([0, 1, 2, 3, 3, 1, 2, 3]);
      expect(Array.from(tf.tidy(() => tf.sum(masks, -1).dataSync()))).toEqual(new Array(8).fill(1));
      masks.dispose();
    });
    labels.dispose();
  });

  it('rejects a class placed in two groups', () => {
    expect(() => groupTable('synthia', { ...defaultGroups, vegetation: ['vegetation', 'road'] })).toThrow(/'road' is in two groups/);
  });
});
