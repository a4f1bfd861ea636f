import { parentPort, workerData } from 'node:worker_threads';
import type { AugmentationRecipe } from './augment/augmentation.js';
import { rebuildChain } from './augment/recipe.js';
import { augmentSample, type AugmentPlan } from './augment-sample.js';
import type { PreparedSample } from './batch.js';
import type { AugmentRequest, AugmentReply } from './augment-pool.js';

/**
 * A pipeline worker: rebuilds the augmentation chain from its recipes once, then augments the
 * samples the pool sends, one at a time. Built as its own tsup entry (dist/augment-worker.js).
 */
export interface AugmentWorkerData {
  seed: number;
  recipes: AugmentationRecipe[];
  size?: readonly [number, number];
}

const data = workerData as AugmentWorkerData;
const plan: AugmentPlan = { seed: data.seed, augment: rebuildChain(data.recipes), size: data.size };

/** The result's buffers move to the pool's thread instead of being copied. */
function buffersOf({ sample }: PreparedSample): ArrayBuffer[] {
  const planes = [sample.rgb, sample.depth, sample.labels, sample.instances];
  return [...new Set(planes.flatMap((p) => (p && p.data.buffer instanceof ArrayBuffer ? [p.data.buffer] : [])))];
}

parentPort!.on('message', ({ id, epoch, index, read }: AugmentRequest) => {
  let reply: AugmentReply;
  try {
    const prepared = augmentSample(plan, epoch, index, read);
    parentPort!.postMessage({ id, prepared } satisfies AugmentReply, buffersOf(prepared));
    return;
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(reply);
});
