import * as tf from '@tensorflow/tfjs-core';
import { initEngine, parseEngineName } from '@depthkit/core';
import { perfCases, reshapeCase } from './cases.js';
import { firstOutput, makeTrainStep, trainableParams } from './reference-net.js';
import { median } from './median.js';

/**
 * Times one case in this process and prints one JSON line. run.ts starts one process per case,
 * so a case that exhausts the wasm backend's 4 GB heap (an unrecoverable abort) is reported,
 * not fatal, and every case starts from a fresh heap.
 */
async function main(): Promise<void> {
  const [name, mode, repeatsText, engineText, shapeText, warmupsText] = process.argv.slice(2);
  const found = perfCases.find((k) => k.name === name);
  if (!found) throw new Error(`time-case: unknown case '${name}'`);
  const c = shapeText ? { ...found, ...reshapeCase(found, shapeText.split(',').map(Number) as [number, number, number]) } : found;
  const repeats = Number(repeatsText);
  await initEngine({ engine: parseEngineName(engineText || undefined, '--engine'), log: false });
  const model = c.build();
  const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 1);
  const y = tf.randomNormal(c.targetShape, 0, 1, 'float32', 2);
  const run = mode === 'forward'
    ? () => {
        const out = model.predict(x) as tf.Tensor | tf.Tensor[];
        firstOutput(out).dataSync();
        tf.dispose(out);
      }
    : (() => {
        const step = makeTrainStep(model);
        return () => {
          step(x, y);
        };
      })();
  const times: number[] = [];
  for (let i = 0; i < Number(warmupsText || 2); i++) run();
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  process.stdout.write(`${JSON.stringify({ params: trainableParams(model), ms: median(times), peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
