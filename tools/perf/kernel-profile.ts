// Per-kernel wall time of one reference-net train step (no read-back, unlike tf.profile).
// `tsx --conditions=@depthkit/source tools/perf/kernel-profile.ts [--engine E]` (default wasm).
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, parseEngineName } from '@depthkit/core';
import { buildReferenceNet, makeTrainStep } from './reference-net.js';
const engineFlag = process.argv.indexOf('--engine');
const engineName = engineFlag >= 0 ? process.argv[engineFlag + 1] : 'wasm';
const { backend } = await initEngine({ engine: parseEngineName(engineName, '--engine'), log: false });
console.log(`kernel profile on ${backend}`);
const totals = new Map<string, { ms: number; n: number }>();
for (const k of tf.getKernelsForBackend(backend)) {
  const inner = k.kernelFunc;
  tf.unregisterKernel(k.kernelName, backend);
  tf.registerKernel({ ...k, setupFunc: undefined, kernelFunc: (args) => {
    const t = performance.now(); const r = inner(args); if (process.env.SHOW === k.kernelName && totals.size > 0) console.log(k.kernelName, JSON.stringify((Object.values(args.inputs) as tf.TensorInfo[]).map((i) => i.shape)), JSON.stringify(args.attrs), (performance.now() - t).toFixed(1)); const e = totals.get(k.kernelName) ?? { ms: 0, n: 0 };
    e.ms += performance.now() - t; e.n++; totals.set(k.kernelName, e); return r; } });
}
const model = buildReferenceNet(128, 416);
const x = tf.randomNormal([2, 128, 416, 3]); const y = tf.randomNormal([2, 128, 416, 1]);
const step = makeTrainStep(model);
step(x, y); step(x, y); totals.clear();
const t0 = performance.now(); for (let i = 0; i < 3; i++) step(x, y); const wall = (performance.now() - t0) / 3;
let sum = 0; for (const v of totals.values()) sum += v.ms / 3;
console.log(`wall ${wall.toFixed(0)} ms/step, in kernels ${sum.toFixed(0)} ms`);
for (const [k, v] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) console.log(k.padEnd(30), (v.ms / 3).toFixed(1).padStart(7), String(v.n / 3).padStart(5));
