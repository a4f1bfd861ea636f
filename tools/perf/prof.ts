import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@depthkit/core';
import { buildReferenceNet, makeTrainStep } from './reference-net.js';
await initEngine({ engine: 'wasm' });
const model = buildReferenceNet(128, 416);
const x = tf.randomNormal([2, 128, 416, 3]); const y = tf.randomNormal([2, 128, 416, 1]);
const step = makeTrainStep(model);
step(x, y); step(x,y);
const info = await tf.profile(() => { step(x, y); });
const agg = new Map<string, { ms: number; n: number }>();
for (const k of info.kernels) { const e = agg.get(k.name) ?? { ms: 0, n: 0 }; e.ms += k.kernelTimeMs as number; e.n++; agg.set(k.name, e); }
const rows = [...agg.entries()].sort((a, b) => b[1].ms - a[1].ms);
let total = 0; for (const [, v] of rows) total += v.ms;
console.log('total kernel ms', total.toFixed(0));
for (const [k, v] of rows.slice(0, 25)) console.log(k.padEnd(28), v.ms.toFixed(1).padStart(8), v.n);
const conv = info.kernels.filter(k => k.name.startsWith('Conv2DBackprop') || k.name==='FusedConv2D' || k.name==='Conv2D');
for (const k of conv) console.log(k.name, JSON.stringify(k.inputShapes), (k.kernelTimeMs as number).toFixed(1));
