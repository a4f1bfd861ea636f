import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { expectNoTensorLeak } from '../../testing/tensor-leaks.js';
import { FolderDataset } from '../folder/reader.js';
import { kittiSpec } from '../kitti-spec.js';
import { parseNyuEntry } from '../nyu/split-entry.js';
import { NyuReader } from '../nyu/sync-reader.js';
import { nyuSpec } from '../nyu-spec.js';
import { sharedData } from '../testing/shared-data.js';
import { kbCrop, randomCrop } from './augment/crop.js';
import { presetPipelineOptions } from './augmentation-presets.js';
import { createPipeline } from './pipeline.js';
import { readerSource, type SampleSource } from './source.js';

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
});

async function kittiSource(): Promise<SampleSource> {
  const dataset = new FolderDataset({
    images: sharedData('kitti/metric3d_kitti_demo/rgb'),
    depth: sharedData('kitti/metric3d_kitti_demo/depth'),
    depthScale: kittiSpec.depthScale,
  });
  return readerSource(await dataset.entries(), (entry) => dataset.read(entry));
}

function nyuSource(): SampleSource {
  const reader = new NyuReader(sharedData('nyu/metric3d_nyu_demo'));
  const entries = ['00000', '00050', '00100'].map((i) => parseNyuEntry(`rgb/rgb_${i}.jpg depth/sync_depth_${i}.png 518.8579`, 'test'));
  return readerSource(entries, (entry) => reader.read(entry));
}

describe('pipeline on the real samples', () => {
  it('KITTI with the BTS recipe: train-size batches whose depths all come from the GT', () =>
    expectNoTensorLeak(async () => {
      const source = await kittiSource();
      const known = new Set<number>();
      for (let i = 0; i < source.length; i++) for (const d of (await source.read(i)).depth!.data) known.add(d);
      const [height, width] = kittiSpec.resolution.train;
      for await (const batch of createPipeline({ source, batchSize: 3, seed: 1, ...presetPipelineOptions('kitti') })) {
        expect(batch.images.shape).toEqual([3, height, width, 3]);
        expect(batch.depth!.shape).toEqual([3, height, width, 1]);
        const depth = await batch.depth!.data();
        const mask = await batch.mask!.data();
        let valid = 0;
        for (let i = 0; i < depth.length; i++) {
          if (depth[i] !== 0 && !known.has(depth[i])) throw new Error(`depth ${depth[i]} at ${i} is not in the GT`);
          const inRange = depth[i] > kittiSpec.minDepth && depth[i] < kittiSpec.maxDepth;
          if (mask[i] !== (inRange ? 1 : 0)) throw new Error(`mask ${mask[i]} at ${i} for depth ${depth[i]}`);
          if (mask[i]) valid++;
        }
        expect(valid).toBeGreaterThan(0.1 * depth.length);
        expect(Object.keys(batch.meta.augment[0])).toEqual(['kbCrop', 'rotate', 'randomCrop', 'flip', 'colourJitter']);
        batch.dispose();
      }
    }));

  it('KITTI crops keep the GT exactly where the image window is', () =>
    expectNoTensorLeak(async () => {
      const source = await kittiSource();
      const pipeline = createPipeline({ source, batchSize: 1, shuffle: false, augment: [kbCrop(kittiSpec.crops.kb), randomCrop(352, 704)] });
      for await (const batch of pipeline) {
        const sample = await source.read(batch.meta.indices[0]);
        const { kbCrop: kb, randomCrop: rc } = batch.meta.augment[0] as Record<string, { top: number; left: number }>;
        const top = kb.top + rc.top;
        const left = kb.left + rc.left;
        expect(kb).toEqual({ top: 375 - 352, left: 13 });
        const depth = await batch.depth!.data();
        for (const y of [0, 100, 351]) {
          const row = sample.depth!.data.subarray((top + y) * 1242 + left, (top + y) * 1242 + left + 704);
          expect(depth.subarray(y * 704, (y + 1) * 704)).toEqual(row);
        }
        batch.dispose();
      }
    }));

  it('NYU with the BTS recipe: train-size batches, intrinsics moved with the crops', () =>
    expectNoTensorLeak(async () => {
      const [height, width] = nyuSpec.resolution.train;
      let batches = 0;
      for await (const batch of createPipeline({ source: nyuSource(), batchSize: 2, seed: 3, ...presetPipelineOptions('nyu') })) {
        const b = batch.images.shape[0];
        expect(batch.images.shape).toEqual([b, height, width, 3]);
        expect(batch.depth!.shape).toEqual([b, height, width, 1]);
        const valid = Array.from(await batch.mask!.data()).reduce((a, m) => a + m, 0);
        expect(valid).toBeGreaterThan(0.5 * b * height * width);
        const { randomCrop: rc, flip } = batch.meta.augment[0] as Record<string, { top: number; left: number; flipped: boolean }>;
        const cx = nyuSpec.intrinsics.fixed.cx - 43 - rc.left;
        expect(batch.meta.intrinsics[0]!.cx).toBeCloseTo(flip.flipped ? width - 1 - cx : cx, 9);
        expect(batch.meta.intrinsics[0]!.fx).toBe(nyuSpec.intrinsics.fixed.fx);
        batches++;
        batch.dispose();
      }
      expect(batches).toBe(2);
    }));
});
