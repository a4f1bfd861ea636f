import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@depthkit/core';
import { buildReferenceNet, makeTrainStep, trainableParams } from './reference-net.js';
await initEngine({ engine: (process.argv[2] as 'wasm') ?? 'wasm' });
const model = buildReferenceNet(128, 416);
console.log('params', trainableParams(model));
const x = tf.randomNormal([2, 128, 416, 3]); const y = tf.randomNormal([2, 128, 416, 1]);
const step = makeTrainStep(model);
const fwd = () => { const t = performance.now(); const o = model.predict(x) as tf.Tensor; o.dataSync(); o.dispose(); return performance.now() - t; };
fwd(); const f: number[] = []; for (let i = 0; i < 5; i++) f.push(fwd());
console.log('forward', f.map((v) => v.toFixed(0)).join(' '));
step(x, y); const s: number[] = [];
for (let i = 0; i < 5; i++) { const t = performance.now(); step(x, y); s.push(performance.now() - t); }
console.log('train', s.map((v) => v.toFixed(0)).join(' '), 'tensors', tf.memory().numTensors);
