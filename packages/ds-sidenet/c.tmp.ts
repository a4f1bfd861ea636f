import { trainOnEngines } from '@depthkit/core';
const m = process.argv[2] === 'seg' ? (await import('../segment-depth/src/method.js')).segmentDepth : (await import('./src/method.js')).dsSidenet;
const t = performance.now();
console.log(await trainOnEngines(m as never, (process.argv[3] ?? 'wasm,cpu,onednn').split(',') as never), ((performance.now() - t) / 1000).toFixed(0), 's');
