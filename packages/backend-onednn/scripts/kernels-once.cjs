// Calls every addon kernel once at small shapes (including the strided 1×1 convolutions that
// oneDNN 2.6 overran), for valgrind: valgrind --smc-check=all node --jitless scripts/kernels-once.cjs
const a = require(require('node:path').join(__dirname, '..', 'build', 'Release', 'depthkit_onednn.node'));
a.setThreads(2);
const f = (n) => { const x = new Float32Array(n); for (let i = 0; i < n; i++) x[i] = Math.sin(i); return x; };
for (const [ih, iw, ic, oc, k, s, p] of [[9, 11, 8, 16, 1, 2, 0], [9, 11, 3, 8, 3, 1, 1], [10, 10, 8, 8, 3, 2, 1], [8, 8, 16, 32, 1, 1, 0]]) {
  const oh = Math.floor((ih - k + 2 * p) / s) + 1, ow = Math.floor((iw - k + 2 * p) / s) + 1, n = 2;
  const g = [n, ih, iw, ic, oh, ow, oc, k, k, 1, s, s, 1, 1, p, p, p, p];
  const x = f(n * ih * iw * ic), w = f(k * k * ic * oc), y = f(n * oh * ow * oc);
  a.convForward(x, w, f(oc), y, g, 1, 0);
  a.convBackwardData(y, w, x, g);
  a.convBackwardWeights(x, y, w, g);
}
// depthwise (groups = channels)
{ const g = [1, 8, 8, 4, 8, 8, 4, 3, 3, 4, 1, 1, 1, 1, 1, 1, 1, 1]; const x = f(256), w = f(36), y = f(256);
  a.convForward(x, w, null, y, g, 0, 0); a.convBackwardData(y, w, x, g); a.convBackwardWeights(x, y, w, g); }
a.matMul(f(2 * 5 * 7), f(7 * 3), f(3), f(2 * 5 * 3), [2, 1, 5, 7, 3, 0, 0], 1, 0);
a.poolForward(0, f(2 * 8 * 8 * 3), f(2 * 4 * 4 * 3), [2, 8, 8, 3, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0]);
a.poolBackward(0, f(2 * 8 * 8 * 3), f(2 * 4 * 4 * 3), f(2 * 8 * 8 * 3), [2, 8, 8, 3, 4, 4, 2, 2, 2, 2, 0, 0, 0, 0]);
a.poolBackward(1, null, f(2 * 4 * 4 * 3), f(2 * 8 * 8 * 3), [2, 8, 8, 3, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0]);
a.batchNormForward(f(2 * 4 * 4 * 5), f(5), f(5), f(160), f(5), f(5), [2, 4, 4, 5], 1e-3);
a.batchNormBackward(f(160), f(5), f(5), f(5), f(160), f(160), f(5), f(5), [2, 4, 4, 5], 1e-3);
a.batchNormInference(f(160), f(5), f(5), null, f(5), f(160), [2, 4, 4, 5], 1e-3);
for (const flags of [[0, 0], [1, 0], [0, 1]]) {
  a.resizeBilinear(f(2 * 5 * 7 * 3), f(2 * 11 * 13 * 3), [2, 5, 7, 3, 11, 13], flags);
  a.resizeBilinearGrad(f(2 * 11 * 13 * 3), f(2 * 5 * 7 * 3), [2, 5, 7, 3, 11, 13], flags);
  a.resizeBilinear(f(2 * 11 * 13 * 3), f(2 * 5 * 7 * 3), [2, 11, 13, 3, 5, 7], flags);
  a.resizeBilinearGrad(f(2 * 5 * 7 * 3), f(2 * 11 * 13 * 3), [2, 11, 13, 3, 5, 7], flags);
}
for (let op = 0; op < 6; op++) { a.binary(op, f(3000), [30, 100], f(100), [1, 100], f(3000), 0, 1); a.binary(op, f(3000), [30, 100], f(100), [1, 100], f(3000), 1, -1); }
for (let op = 0; op < 12; op++) a.unary(op, f(3000), f(3000), 0.5, 2);
for (let op = 0; op < 4; op++) a.reduce(op, f(3000), [30, 100], f(30), [30, 1]);
a.reluGradFromOutput(f(3000), f(3000), f(3000), 0.1); a.eluGradFromOutput(f(3000), f(3000), f(3000));
a.copyBox(f(2 * 5 * 6 * 4), [2, 5, 6, 4], [0, 1, 2, 1], f(3 * 7 * 7 * 5), [3, 7, 7, 5], [1, 0, 3, 2], [1, 3, 4, 3]);
a.fill(f(5000), 2);
a.adamUpdate(f(4000), f(4000), f(4000), f(4000), f(4000), f(4000), f(4000), 4000, 0.99, 0.9, 0.1, 0.999, 0.001, 0.9, 1e-8, -1e-3, 0, 1);
a.sgdUpdate(f(4000), f(4000), f(4000), f(4000), f(4000), 4000, 1e-4, 0.9, 1, -0.01);
console.log('kernels ok', JSON.stringify(a.cacheStats ? a.cacheStats() : {}));
