import * as tf from '@tensorflow/tfjs-core';
import { initEngine, presetOf, withSeededRandom } from '@depthkit/core';
import { dsSidenet } from './src/method.js';
const name = process.argv[2] ?? 'ds';
const method = name === 'seg' ? (await import('../segment-depth/src/method.js')).segmentDepth : dsSidenet;
async function grads(engine: 'wasm' | 'onednn' | 'cpu') {
  await initEngine({ engine, log: false });
  const preset = presetOf(method as never, 'tiny');
  const built = withSeededRandom(1, () => (method as any).createModel(preset.config));
  const model = built.model;
  const x = tf.randomNormal([2, 64, 96, 3], 0, 1, 'float32', 3);
  const vars = model.trainableWeights.map((w: any) => w.val as tf.Variable);
  const outs = () => { const o = model.apply(x, { training: true }) as tf.Tensor | tf.Tensor[]; const list = Array.isArray(o) ? o : [o]; return tf.addN(list.map((t, i) => tf.sum(tf.mul(t, tf.randomNormal(t.shape, 0, 1, 'float32', 10 + i))))) as tf.Scalar; };
  const { grads } = tf.variableGrads(outs, vars);
  return model.trainableWeights.map((w: any) => [w.name, grads[w.val.name].dataSync()] as const);
}
const a = await grads('wasm');
const b = await grads((process.argv[3] ?? 'onednn') as 'cpu');
const rows = a.map(([n, g], i) => { const h = b[i][1]; let md = 0, mr = 0; for (let k = 0; k < g.length; k++) { md = Math.max(md, Math.abs(g[k] - h[k])); mr = Math.max(mr, Math.abs(g[k])); } return [n, md / (mr || 1), mr] as const; });
const bad = rows.filter((r) => r[1] > 1e-3); console.log("bad", bad.length, "of", rows.length);
for (const r of bad.slice(-12)) console.log(r[0], r[1].toExponential(2), r[2].toExponential(2));
