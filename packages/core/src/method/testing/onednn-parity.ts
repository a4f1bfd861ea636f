import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { onednnAvailability } from '../../testing/engines.js';
import type { DepthMethod, PredictContext } from '../depth-method.js';
import { predictDepth } from '../predict-depth.js';
import { trainOnWasmAndOnednn, type EngineParityOptions } from './engine-parity.js';
import { saveAndReload } from './save-and-reload.js';

/** Relative loss difference allowed: one bound for every step, or step 1 (no update yet) apart. */
export type ParityTolerance = number | { firstStep: number; laterSteps: number };

export interface OnednnParityOptions extends EngineParityOptions {
  tolerance?: ParityTolerance;
  /** Why the tolerance is what it is, when it is not the default (shown in the test's name). */
  toleranceReason?: string;
  /** What the method's predict needs beside the images (e.g. segment-depth's intrinsics). */
  predictContext?: PredictContext;
}

function toleranceAt(tolerance: ParityTolerance, step: number): number {
  if (typeof tolerance === 'number') return tolerance;
  return step === 0 ? tolerance.firstStep : tolerance.laterSteps;
}

function describeTolerance(tolerance: ParityTolerance): string {
  return typeof tolerance === 'number' ? `to ${tolerance}` : `step 1 to ${tolerance.firstStep}, then to ${tolerance.laterSteps}`;
}

/**
 * A method's whole onednn test in one call: the native engine must train the same network as
 * wasm (same seed, same synthetic batches; losses equal to `tolerance` over `steps` steps of
 * `preset`), and a model saved and loaded on onednn predicts exactly what it predicted before.
 * Skipped, with the reason in its name, where the addon is not built.
 */
export async function describeOnednnParity<Config>(method: DepthMethod<Config>, options: OnednnParityOptions = {}): Promise<void> {
  const { tolerance = 1e-3, toleranceReason, predictContext, ...training } = options;
  const { preset = 'tiny', steps = 5 } = training;
  const onednn = await onednnAvailability();
  const skipped = onednn.ok ? '' : ` (skipped: ${onednn.reason})`;
  describe.skipIf(!onednn.ok)(`${method.id} on onednn${skipped}`, () => {
    const why = toleranceReason ? ` — ${toleranceReason}` : '';
    it(`${steps} ${preset}-preset steps give the wasm engine's losses (${describeTolerance(tolerance)})${why}`, async () => {
      const losses = await trainOnWasmAndOnednn(method, training);
      expect(losses.onednn).toHaveLength(steps);
      losses.onednn.forEach((loss, i) => {
        const wasm = losses.wasm[i];
        expect(Math.abs(loss - wasm) / Math.abs(wasm), `step ${i + 1}: onednn ${loss}, wasm ${wasm}`).toBeLessThan(toleranceAt(tolerance, i));
      });
    });

    it('predicts the same after save → load', async () => {
      await initEngine({ engine: 'onednn', log: false });
      const { config, built, loaded } = await saveAndReload(method, preset);
      const before = tf.memory().numTensors;
      const images = tf.randomUniform([2, 40, 72, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
      const a = predictDepth(method, built, images, config, predictContext);
      const b = predictDepth(method, loaded.built, images, loaded.config, predictContext);
      expect(a.shape).toEqual([2, 40, 72, 1]);
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
      tf.dispose([a, b, images]);
      expect(tf.memory().numTensors, 'tensors left by predict').toBe(before);
      built.model.dispose();
      loaded.built.model.dispose();
    });
  });
}
