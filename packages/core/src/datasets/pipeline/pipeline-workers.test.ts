import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { expectNoTensorLeak } from '../../testing/tensor-leaks.js';
import { FolderDataset } from '../folder/reader.js';
import { kittiSpec } from '../kitti-spec.js';
import { sharedData } from '../testing/shared-data.js';
import { colourJitter } from './augment/colour-jitter.js';
import { randomCrop } from './augment/crop.js';
import { randomFlip } from './augment/flip.js';
import { randomRotation } from './augment/rotate.js';
import { randomScale } from './augment/scale.js';
import { liveAugmentWorkers } from './augment-pool.js';
import { presetPipelineOptions } from './augmentation-presets.js';
import type { Batch } from './batch.js';
import { createPipeline, type PipelineOptions } from './pipeline.js';
import { arraySource, readerSource, type SampleSource } from './source.js';
import { coordinateSample } from './testing/coordinate-sample.js';
import type { SourceSample } from './train-sample.js';

beforeAll(async () => {
  await initEngine({ engine: 'wasm', log: false });
});

const kittiRgb = sharedData('kitti/metric3d_kitti_demo/rgb');
const kittiDepth = sharedData('kitti/metric3d_kitti_demo/depth');

async function folderSource(images: string, depth: string): Promise<SampleSource> {
  const dataset = new FolderDataset({ images, depth, depthScale: kittiSpec.depthScale });
  return readerSource(await dataset.entries(), (entry) => dataset.read(entry));
}

/**
 * Every batch's bytes (as SHA-256, so comparing megabyte batches stays cheap) and meta, to compare
 * two runs exactly. Tensors are disposed.
 */
async function collectBytes(batches: AsyncIterable<Batch>) {
  const out = [];
  for await (const batch of batches) {
    const bytes = async (t?: { data(): Promise<Float32Array | Int32Array | Uint8Array> }) => {
      if (!t) return undefined;
      const data = await t.data();
      return { length: data.byteLength, sha256: createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex') };
    };
    out.push({
      images: await bytes(batch.images),
      depth: await bytes(batch.depth),
      mask: await bytes(batch.mask),
      labels: await bytes(batch.labels),
      meta: batch.meta,
    });
    batch.dispose();
  }
  return out;
}

async function runBoth(options: PipelineOptions) {
  const inThread = createPipeline({ ...options, workers: 0 });
  const pooled = createPipeline({ ...options, workers: 2 });
  expect([inThread.workers, pooled.workers]).toEqual([0, 2]);
  const result = { inThread: await collectBytes(inThread), pooled: await collectBytes(pooled) };
  expect(liveAugmentWorkers()).toBe(0);
  return result;
}

const samples: SourceSample[] = Array.from({ length: 9 }, (_, i) => {
  const sample = coordinateSample(40, 64, `s${i}`);
  const labels = { width: 64, height: 40, data: Uint16Array.from({ length: 40 * 64 }, (_, p) => (p * 7 + i) % 19) };
  return { ...sample, id: `s${i}`, labels };
});
const augment = [
  randomScale([1, 1.5]),
  randomRotation(2.5),
  randomCrop(24, 40),
  randomFlip(0.5),
  colourJitter({ probability: 0.5, gamma: [0.9, 1.1], brightness: [0.75, 1.25], colour: [0.9, 1.1] }),
];

describe('pipeline on worker threads', () => {
  it('gives byte-identical batches with 0 and 2 workers for one seed, over epochs (synthetic samples)', () =>
    expectNoTensorLeak(async () => {
      const { inThread, pooled } = await runBoth({ source: arraySource(samples), batchSize: 4, augment, seed: 11, epochs: 2 });
      expect(inThread).toHaveLength(6);
      expect(pooled).toEqual(inThread);
      // The recipe really varies per sample: equality above is not two runs of an identity.
      expect(inThread[0].images).not.toEqual(inThread[1].images);
      expect(new Set(inThread.flatMap((b) => b.meta.augment.map((a) => JSON.stringify(a)))).size).toBeGreaterThan(8);
    }));

  it('gives byte-identical batches with 0 and 2 workers on the real KITTI samples with the BTS recipe', () =>
    expectNoTensorLeak(async () => {
      const source = await folderSource(kittiRgb, kittiDepth);
      const { inThread, pooled } = await runBoth({ source, batchSize: 2, seed: 4, epochs: 2, ...presetPipelineOptions('kitti') });
      expect(inThread).toHaveLength(4);
      expect(inThread[0].images!.length).toBe(2 * 352 * 704 * 3 * 4);
      expect(inThread[0].depth!.length).toBe(2 * 352 * 704 * 4);
      expect(pooled).toEqual(inThread);
    }));

  it('resumes mid-run on workers exactly as in the thread', () =>
    expectNoTensorLeak(async () => {
      const options = { source: arraySource(samples), batchSize: 2, augment, seed: 3, epochs: 2 };
      const from = { epoch: 1, step: 2 };
      const inThread = await collectBytes(createPipeline({ ...options, workers: 0 }).resume(from));
      const pooled = await collectBytes(createPipeline({ ...options, workers: 2 }).resume(from));
      expect(pooled.map((b) => [b.meta.epoch, b.meta.step])).toEqual([[1, 2], [1, 3], [1, 4]]);
      expect(pooled).toEqual(inThread);
    }));

  describe('faults', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pipeline-workers-'));
      await mkdir(join(dir, 'rgb'));
      await mkdir(join(dir, 'depth'));
      for (const name of ['0000000005.png', '0000000050.png', '0000000100.png']) {
        await copyFile(join(kittiRgb, name), join(dir, 'rgb', name));
        await copyFile(join(kittiDepth, name), join(dir, 'depth', name));
      }
      await writeFile(join(dir, 'rgb', '0000000050.png'), Buffer.from('not a png at all'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    async function failure(workers: number): Promise<string> {
      const source = await folderSource(join(dir, 'rgb'), join(dir, 'depth'));
      try {
        for await (const batch of createPipeline({ source, batchSize: 1, shuffle: false, workers, ...presetPipelineOptions('kitti') })) batch.dispose();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('the corrupt image did not fail the pipeline');
    }

    it('a corrupt image fails with the same error naming the file, and no worker outlives the failure', async () => {
      const inThread = await failure(0);
      const pooled = await failure(2);
      expect(inThread).toContain(join(dir, 'rgb', '0000000050.png'));
      expect(inThread).toMatch(/^pipeline: reading sample 1 \(epoch 0\) failed: /);
      expect(pooled).toBe(inThread);
      expect(liveAugmentWorkers()).toBe(0);
    });

    it('an augmentation that throws in a worker surfaces its own message, naming the sample', async () => {
      const bad: SourceSample = { ...samples[0], id: 'mis-sized', depth: { width: 10, height: 10, data: new Float32Array(100) } };
      const run = async (workers: number) => {
        try {
          for await (const batch of createPipeline({ source: arraySource([samples[1], bad]), batchSize: 2, augment, workers })) batch.dispose();
        } catch (error) {
          return (error as Error).message;
        }
        return 'no error';
      };
      const inThread = await run(0);
      expect(inThread).toContain("sample 'mis-sized'");
      expect(await run(2)).toBe(inThread);
      expect(liveAugmentWorkers()).toBe(0);
    });

    it('a consumer that stops early leaves no worker running', () =>
      expectNoTensorLeak(async () => {
        const pipeline = createPipeline({ source: arraySource(samples), batchSize: 2, augment, epochs: Infinity, workers: 2 });
        let seen = 0;
        for await (const batch of pipeline) {
          batch.dispose();
          expect(liveAugmentWorkers()).toBe(2);
          if (++seen === 3) break;
        }
        expect(liveAugmentWorkers()).toBe(0);
      }));

    it('refuses workers for an augmentation that cannot be rebuilt in a worker, and a bad count', () => {
      const custom = { name: 'mine', apply: (sample: never) => ({ sample }) };
      expect(() => createPipeline({ source: arraySource(samples), batchSize: 2, augment: [custom], workers: 2 })).toThrow(
        "pipeline: workers: 2 needs every augmentation to carry a recipe (see augment/recipe.ts); 'mine' has none — pass workers: 0",
      );
      expect(createPipeline({ source: arraySource(samples), batchSize: 2, augment: [custom] }).workers).toBe(0);
      expect(() => createPipeline({ source: arraySource(samples), batchSize: 2, workers: 1.5 })).toThrow('pipeline: workers must be an integer ≥ 0, got 1.5');
    });
  });
});
