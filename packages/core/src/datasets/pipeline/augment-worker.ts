import { parentPort, workerData } from 'node:worker_threads';
import type { AugmentationRecipe } from './augment/augmentation.js';
import { rebuildChain } from './augment/recipe.js';
import { augmentSample, type AugmentPlan } from './augment-sample.js';
import { withBatchPlanes, type PlaneOptions } from './batch-planes.js';
import type { PreparedSample } from './batch.js';
import type { AugmentRequest, AugmentReply } from './augment-pool.js';

/**
 * A pipeline worker: rebuilds the augmentation chain from its recipes once, then augments the
 * samples the pool sends, one at a time, and normalises them and computes their validity masks. Built as its own tsup entry (dist/augment-worker.js).
 */
export interface AugmentWorkerData extends PlaneOptions {
  seed: number;
  recipes: AugmentationRecipe[];
  size?: readonly [number, number];
}

const data = workerData as AugmentWorkerData;
const plan: AugmentPlan = { seed: data.seed, augment: rebuildChain(data.recipes), size: data.size };

/** The result's buffers move to the pool's thread instead of being copied. */
function buffersOf(prepared: PreparedSample): ArrayBuffer[] {
  const { sample } = prepared;
  const arrays = [sample.rgb.data, sample.depth?.data, sample.labels?.data, sample.instances?.data, prepared.normalised, prepared.mask];
  return [...new Set(arrays.flatMap((a) => (a && a.buffer instanceof ArrayBuffer ? [a.buffer] : [])))];
}

parentPort!.on('message', ({ id, epoch, index, read }: AugmentRequest) => {
  let reply: AugmentReply;
  try {
    const prepared = withBatchPlanes(augmentSample(plan, epoch, index, read), data);
    parentPort!.postMessage({ id, prepared } satisfies AugmentReply, buffersOf(prepared));
    return;
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
