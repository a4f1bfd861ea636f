import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@depthkit/core';
await initEngine({ engine: 'wasm' });
function time(name: string, f: () => tf.Tensor, n = 5) { f().dispose(); const ts: number[] = []; for (let i = 0; i < n; i++) { const t = performance.now(); const r = f(); r.dataSync(); r.dispose(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(name.padEnd(40), ts[ts.length >> 1].toFixed(1), 'ms'); }
const x2 = tf.randomNormal([2, 16, 52, 256]); const w2 = tf.randomNormal([3, 3, 256, 128]);
time('conv same weights', () => tf.conv2d(x2 as tf.Tensor4D, w2 as tf.Tensor4D, 1, 'same'));
time('conv new weights', () => { const w = tf.add(w2, 0) as tf.Tensor4D; const r = tf.conv2d(x2 as tf.Tensor4D, w, 1, 'same'); w.dispose(); return r; });
time('fused conv new weights', () => { const w = tf.add(w2, 0) as tf.Tensor4D; const r = tf.fused.conv2d({x: x2 as tf.Tensor4D, filter: w, strides: 1, pad: 'same'}); w.dispose(); return r; });
const big = tf.randomNormal([2, 128, 416, 16]);
const m = tf.randomNormal([16]);
time('tile to [2,128,416,16]', () => tf.tile(tf.reshape(m, [1, 1, 1, 16]), [2, 128, 416, 1]));
time('mul broadcast', () => tf.mul(big, m));
time('sum over 0,1,2', () => tf.sum(big, [0, 1, 2]));
time('mean over 0,1,2', () => tf.mean(big, [0, 1, 2]));
time('moments', () => tf.moments(big, [0, 1, 2]).variance);
