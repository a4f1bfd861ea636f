// GFLOP/s of the addon's convolutions at the reference net's shapes (not a test: prints figures).
//   node packages/backend-onednn/bench/conv-gflops.mjs [repeats]
import { createRequire } from 'node:module';

process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
const addon = createRequire(import.meta.url)('../build/Release/depthkit_onednn.node');
const repeats = Number(process.argv[2] ?? 10);
const shapes = [
  // n, h, w, cin, cout, stride
  [2, 128, 416, 32, 64, 1],
  [2, 128, 416, 3, 32, 2],
  [2, 64, 208, 64, 32, 1],
  [2, 128, 416, 32, 16, 1],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const random = (n) => Float32Array.from({ length: n }, () => Math.random() - 0.5);
console.log(`oneDNN ${addon.info().version} ${addon.info().isa}, ${addon.info().threads} threads`);
for (const [n, h, w, ci, co, s] of shapes) {
  const oh = Math.ceil(h / s), ow = Math.ceil(w / s);
  const padH = Math.max(0, (oh - 1) * s + 3 - h), padW = Math.max(0, (ow - 1) * s + 3 - w);
  const g = [n, h, w, ci, oh, ow, co, 3, 3, 1, s, s, 1, 1, padH >> 1, padW >> 1, padH - (padH >> 1), padW - (padW >> 1)];
  const x = random(n * h * w * ci), wt = random(9 * ci * co), dy = random(n * oh * ow * co);
  const y = new Float32Array(dy.length), dx = new Float32Array(x.length), dw = new Float32Array(wt.length);
  const flops = 2 * n * oh * ow * co * ci * 9;
  const time = (f) => { f(); const t = []; for (let i = 0; i < repeats; i++) { const s0 = performance.now(); f(); t.push(performance.now() - s0); } return median(t); };
  const rows = {
    forward: time(() => addon.convForward(x, wt, null, y, g, 0, 0)),
    backwardData: time(() => addon.convBackwardData(dy, wt, dx, g)),
    backwardWeights: time(() => addon.convBackwardWeights(x, dy, dw, g)),
  };
  console.log(`${n}×${h}×${w}×${ci}→${co} s${s}: ` + Object.entries(rows).map(([k, ms]) => `${k} ${ms.toFixed(2)} ms (${(flops / ms / 1e6).toFixed(0)} GFLOP/s)`).join(', '));
}
