import '@depthkit/backend-onednn';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@depthkit/core';
await initEngine({ engine: 'onednn', log: false });
const x = tf.randomNormal([2, 176, 352, 32]); const g = tf.randomNormal([32]); const b = tf.randomNormal([32]); const dy = tf.randomNormal([2, 176, 352, 32]);
const attrs = { groups: 1, epsilon: 1e-5, relu: process.env.RELU === "1" } as any;
for (let r = 0; r < 3; r++) {
  let t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.dispose(tf.engine().runKernel('DepthkitGroupNormTraining', { x, scale: g, offset: b }, attrs) as tf.Tensor[]);
  const f = (performance.now() - t0) / 10;
  const [y, xh, inv] = tf.engine().runKernel('DepthkitGroupNormTraining', { x, scale: g, offset: b }, attrs) as tf.Tensor[];
  t0 = performance.now();
  for (let i = 0; i < 10; i++) tf.dispose(tf.engine().runKernel('DepthkitGroupNormTrainingGrad', { dy, xhat: xh, invStd: inv, scale: g, offset: b }, attrs) as tf.Tensor[]);
  console.log(`forward ${f.toFixed(1)} ms, backward ${((performance.now() - t0) / 10).toFixed(1)} ms`);
  tf.dispose([y, xh, inv]);
}
