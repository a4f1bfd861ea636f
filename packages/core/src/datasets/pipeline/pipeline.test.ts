import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { expectNoTensorLeak } from '../../testing/tensor-leaks.js';
import { colourJitter } from './augment/colour-jitter.js';
import { randomCrop } from './augment/crop.js';
import { randomFlip } from './augment/flip.js';
import { randomRotation } from './augment/rotate.js';
import type { Batch } from './batch.js';
import { unitNormalisation } from './normalise.js';
import { createPipeline, type PipelineOptions } from './pipeline.js';
import { arraySource, type SampleSource } from './source.js';
import { coordinateSample } from './testing/coordinate-sample.js';
import type { SourceSample } from './train-sample.js';

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
});

const samples: SourceSample[] = Array.from({ length: 7 }, (_, i) => ({ ...coordinateSample(24, 40, `s${i}`), id: `s${i}` }));
const augment = [randomRotation(2.5), randomCrop(16, 32), randomFlip(0.5), colourJitter({ probability: 0.5, gamma: [0.9, 1.1], brightness: [0.75, 1.25], colour: [0.9, 1.1] })];

/** Host copies of every batch (tensors disposed), for comparing runs. */
async function collect(batches: AsyncIterable<Batch>) {
  const out = [];
  for await (const batch of batches) {
    out.push({
      images: await batch.images.data(),
      depth: await batch.depth?.data(),
      mask: await batch.mask?.data(),
      meta: { epoch: batch.meta.epoch, step: batch.meta.step, ids: batch.meta.ids, indices: batch.meta.indices, augment: batch.meta.augment },
    });
    batch.dispose();
  }
  return out;
}

/** A source that counts reads and lets a test see them without timing anything. */
function countingSource(inner: SampleSource) {
  let reads = 0;
  return {
    source: { length: inner.length, read: (i: number) => ((reads += 1), inner.read(i)) } satisfies SampleSource,
    reads: () => reads,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

const base = (extra: Partial<PipelineOptions> = {}): PipelineOptions => ({ source: arraySource(samples), batchSize: 3, augment, seed: 5, ...extra });

describe('pipeline', () => {
  it('gives batches of the right shapes and dtypes, with a remainder batch unless dropped', () =>
    expectNoTensorLeak(async () => {
      const shapes = [];
      for await (const batch of createPipeline(base({ epochs: 1 }))) {
        expect(batch.images.dtype).toBe('float32');
        expect(batch.depth!.dtype).toBe('float32');
        expect(batch.mask!.dtype).toBe('float32');
        expect(batch.labels!.dtype).toBe('int32');
        expect(batch.mask!.shape).toEqual(batch.depth!.shape);
        shapes.push([batch.images.shape, batch.depth!.shape]);
        batch.dispose();
      }
      expect(shapes).toEqual([
        [[3, 16, 32, 3], [3, 16, 32, 1]],
        [[3, 16, 32, 3], [3, 16, 32, 1]],
        [[1, 16, 32, 3], [1, 16, 32, 1]],
      ]);
      const dropped = createPipeline(base({ dropRemainder: true, epochs: 2 }));
      expect(dropped.batchesPerEpoch).toBe(2);
      expect((await collect(dropped)).map((b) => [b.meta.epoch, b.meta.step])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    }));

  it('visits every sample once per epoch, in an order that changes with the epoch', () =>
    expectNoTensorLeak(async () => {
      const run = await collect(createPipeline(base({ epochs: 3 })));
      const perEpoch = [0, 1, 2].map((e) => run.filter((b) => b.meta.epoch === e).flatMap((b) => b.meta.indices));
      for (const order of perEpoch) expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(perEpoch[0]).not.toEqual(perEpoch[1]);
      const plain = await collect(createPipeline(base({ shuffle: false, augment: [], size: [24, 40] })));
      expect(plain.flatMap((b) => b.meta.indices)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }));

  it('gives identical batches for one seed and different ones for another', () =>
    expectNoTensorLeak(async () => {
      const a = await collect(createPipeline(base({ epochs: 2 })));
      const b = await collect(createPipeline(base({ epochs: 2, prefetch: 0 })));
      expect(b).toEqual(a);
      const c = await collect(createPipeline(base({ epochs: 2, seed: 6 })));
      expect(c.map((x) => x.images)).not.toEqual(a.map((x) => x.images));
    }));

  it('resumes exactly where a checkpointed run stopped', () =>
    expectNoTensorLeak(async () => {
      const pipeline = createPipeline(base({ epochs: 3 }));
      const full = await collect(pipeline);
      const resumed = await collect(pipeline.resume({ epoch: 1, step: 2 }));
      expect(resumed).toEqual(full.slice(pipeline.batchesPerEpoch + 2));
      // Checkpointed after the last batch of epoch 0: resume at the start of epoch 1.
      const next = pipeline.after(full[pipeline.batchesPerEpoch - 1].meta);
      expect(next).toEqual({ epoch: 1, step: 0 });
      expect(await collect(pipeline.resume(next))).toEqual(full.slice(pipeline.batchesPerEpoch));
      await expect(collect(pipeline.resume({ epoch: 0, step: 3 }))).rejects.toThrow(/cannot resume at epoch 0 step 3 \(an epoch has 3 batches\)/);
    }));

  it('prepares `prefetch` batches ahead of the consumer, and no more', () =>
    expectNoTensorLeak(async () => {
      for (const prefetch of [0, 1, 3]) {
        const counted = countingSource(arraySource(samples));
        const iterator = createPipeline({ ...base({ epochs: 5 }), source: counted.source, batchSize: 2, dropRemainder: true, prefetch })[Symbol.asyncIterator]();
        const first = await iterator.next();
        await settle();
        // The consumer holds batch 0; batches 1..prefetch have been read meanwhile.
        expect(counted.reads()).toBe(2 * (1 + prefetch));
        first.value.dispose();
        await iterator.return!(undefined);
      }
    }));

  it('leaves no tensors behind when the consumer stops early', () =>
    expectNoTensorLeak(async () => {
      for await (const batch of createPipeline(base({ epochs: Infinity, prefetch: 4 }))) {
        batch.dispose();
        if (batch.meta.epoch === 1) break;
      }
    }));

  it('normalises with ImageNet statistics by default, or as asked', () =>
    expectNoTensorLeak(async () => {
      const opts = { source: arraySource(samples.slice(0, 1)), batchSize: 1, shuffle: false };
      const [unit] = await collect(createPipeline({ ...opts, normalise: unitNormalisation }));
      const [imagenet] = await collect(createPipeline(opts));
      const rgb = samples[0].rgb.data;
      // Pixel (1, 2): RGB (1, 2, 0).
      const i = (1 * 40 + 2) * 3;
      expect(unit.images[i + 1]).toBeCloseTo(rgb[i + 1] / 255, 6);
      expect(imagenet.images[i]).toBeCloseTo((rgb[i] / 255 - 0.485) / 0.229, 5);
      expect(imagenet.images[i + 2]).toBeCloseTo((0 - 0.406) / 0.225, 5);
    }));

  it('masks depth outside the valid range', () =>
    expectNoTensorLeak(async () => {
      const [batch] = await collect(createPipeline({ source: arraySource(samples.slice(0, 1)), batchSize: 1, validDepth: { min: 10, max: 20 } }));
      const on = Array.from(batch.mask!).flatMap((m, i) => (m ? [batch.depth![i]] : []));
      expect(on).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19]);
    }));

  it('resizes to `size`, and refuses mixed sizes without one', async () => {
    const mixed = arraySource([samples[0], { ...coordinateSample(10, 10), id: 'small' }]);
    await expect(collect(createPipeline({ source: mixed, batchSize: 2, shuffle: false }))).rejects.toThrow(/'small' is 10×10 but 's0' is 24×40; give the pipeline a size/);
    await expectNoTensorLeak(async () => {
      const [batch] = await collect(createPipeline({ source: mixed, batchSize: 2, size: [12, 20] }));
      expect(batch.images.length).toBe(2 * 12 * 20 * 3);
    });
  });

  it('names the sample whose read failed', async () => {
    const failing: SampleSource = { length: 2, read: async (i) => { if (i === 1) throw new Error('disk on fire'); return samples[0]; } };
    await expect(collect(createPipeline({ source: failing, batchSize: 2 }))).rejects.toThrow(/reading sample 1 \(epoch 0\) failed: disk on fire/);
  });
});
