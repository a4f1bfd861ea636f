/**
 * Kernel profile of one of the perf harness's cases (default: the reference net), train step
 * or forward, on any engine: time per kernel, summed over the measured steps, sorted. Not a
 * test: prints figures.
 *   npx tsx --conditions=@depthkit/source packages/backend-onednn/bench/profile-step.ts [--case reference] [--engine onednn] [--steps 3] [--mode train|forward]
 */
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, parseEngineName } from '@depthkit/core';
import { perfCases } from '../../../tools/perf/cases.js';
import { firstOutput, makeTrainStep } from '../../../tools/perf/reference-net.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const engine = await initEngine({ engine: parseEngineName(flag('--engine', 'onednn'), '--engine') });
  const steps = Number(flag('--steps', '3'));
  const mode = flag('--mode', 'train');
  const backend = tf.getBackend();
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const config of tf.getKernelsForBackend(backend)) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const start = performance.now();
        const out = inner(args);
        const size = (args.inputs as Record<string, tf.TensorInfo>)[Object.keys(args.inputs)[0]]?.shape.reduce((a, b) => a * b, 1) ?? 0;
        const key = process.env.PROFILE_BY_SIZE ? `${config.kernelName} ${size >= 8192 ? "big" : "small"}` : config.kernelName;
        const entry = totals.get(key) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - start;
        entry.calls++;
        totals.set(key, entry);
        return out;
      },
    });
  }
  const name = flag('--case', 'reference');
  const c = perfCases.find((k) => k.name === name);
  if (c == null) throw new Error(`--case: unknown case '${name}' (${perfCases.map((k) => k.name).join(', ')})`);
  const model = c.build();
  const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 1);
  const y = tf.randomNormal(c.targetShape, 0, 1, 'float32', 2);
  const step = makeTrainStep(model);
  const run = mode === 'train' ? () => step(x, y) : () => tf.tidy(() => firstOutput(model.predict(x) as tf.Tensor).dataSync());
  run();
  totals.clear();
  const start = performance.now();
  for (let i = 0; i < steps; i++) run();
  const wall = (performance.now() - start) / steps;
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
  const kernelMs = rows.reduce((s, [, v]) => s + v.ms, 0) / steps;
  process.stdout.write(`${engine.summary}\n${name} ${c.inputShape.join('×')} ${mode} step: ${wall.toFixed(1)} ms wall, ${kernelMs.toFixed(1)} ms in kernels\n`);
  for (const [name, v] of rows.slice(0, 25)) {
    process.stdout.write(`${name.padEnd(36)} ${(v.ms / steps).toFixed(2).padStart(9)} ms ${(100 * v.ms / steps / wall).toFixed(1).padStart(5)} %  ${String(v.calls / steps).padStart(5)} calls\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
