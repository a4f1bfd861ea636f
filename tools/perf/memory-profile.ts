// Memory of one bench:perf train step (L1 + Adam) kernel by kernel: the peak of tf.memory()
// bytes, of process RSS and of the onednn array pool, and at the end of the forward pass a
// census of what the gradient tape keeps (shape × count, by the kernel that made it).
//   tsx --conditions=@depthkit/source tools/perf/memory-profile.ts --case NAME [--engine E] [--shape BxHxW]
import '@depthkit/backend-onednn';
import * as tf from '@tensorflow/tfjs-core';
import { initEngine, parseEngineName } from '@depthkit/core';
import { perfCases } from './cases.js';
import { makeTrainStep } from './reference-net.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const GB = 2 ** 30;
let peakBytes = 0; let peakRss = 0; let peakAt = ''; let peakRssAt = ''; let kernels = 0;
let poolBytes = () => 0;
let poolSummary = () => '';

function wrapEngineKernels(backend: string): void {
  for (const k of tf.getKernelsForBackend(backend)) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({ ...k, setupFunc: undefined, kernelFunc: (args) => {
      const r = inner(args);
      kernels++;
      const bytes = tf.memory().numBytes;
      if (bytes > peakBytes) { peakBytes = bytes; peakAt = `${k.kernelName} #${kernels}`; }
      if (kernels % 8 === 0) {
        const rss = process.memoryUsage.rss();
        if (rss > peakRss) { peakRss = rss; peakRssAt = `${k.kernelName} #${kernels} (tensors ${(bytes / GB).toFixed(2)} GB, pool ${(poolBytes() / GB).toFixed(2)} GB)`; }
      }
      return r;
    } });
  }
}

interface TapeNode { kernelName: string; inputs: Record<string, tf.Tensor>; outputs: tf.Tensor[]; saved?: tf.Tensor[] }

/** What the tape holds now: every distinct tensor referenced by a node, grouped by the kernel that saved it. */
function tapeCensus(): void {
  const tape = (tf.engine().state as unknown as { activeTape: TapeNode[] }).activeTape ?? [];
  const seen = new Set<number>();
  const groups = new Map<string, { bytes: number; n: number }>();
  let total = 0;
  for (const node of tape) {
    for (const t of [...(node.saved ?? [])]) {
      if (t == null || t.isDisposed || seen.has(t.dataId as unknown as number)) continue;
      seen.add(t.dataId as unknown as number);
      const bytes = t.size * (t.dtype === 'float32' || t.dtype === 'int32' ? 4 : 1);
      total += bytes;
      const key = `${node.kernelName} saved ${t.dtype}[${t.shape.join(',')}]`;
      const g = groups.get(key) ?? { bytes: 0, n: 0 };
      g.bytes += bytes; g.n++; groups.set(key, g);
    }
  }
  console.log(`pool at the forward's end: ${poolSummary()}`);
  console.log(`tape: ${tape.length} nodes, saved tensors ${(total / GB).toFixed(2)} GB; live tensors ${(tf.memory().numBytes / GB).toFixed(2)} GB (${tf.memory().numTensors}); RSS ${(process.memoryUsage.rss() / GB).toFixed(2)} GB; pool ${(poolBytes() / GB).toFixed(2)} GB`);
  // Live tensors of the forward's scope that no tape node saved (kept by something else).
  const scope = (tf.engine().state as unknown as { activeScope: { track: tf.Tensor[] } }).activeScope;
  const unsaved = new Map<string, { bytes: number; n: number }>();
  for (const t of scope?.track ?? []) {
    if (t.isDisposed || seen.has(t.dataId as unknown as number)) continue;
    seen.add(t.dataId as unknown as number);
    const key = `${t.dtype}[${t.shape.join(',')}]`;
    const g = unsaved.get(key) ?? { bytes: 0, n: 0 };
    g.bytes += t.size * 4; g.n++; unsaved.set(key, g);
  }
  console.log(`unsaved live in the forward's scope: ${[...unsaved.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 8).map(([k, v]) => `${k} ×${v.n} (${(v.bytes / 2 ** 20).toFixed(0)} MB)`).join(', ')}`);
  for (const [k, v] of [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(flag('--top') ?? 30))) {
    console.log(`  ${(v.bytes / 2 ** 20).toFixed(0).padStart(7)} MB  ×${String(v.n).padStart(4)}  ${k}`);
  }
}

const { backend } = await initEngine({ engine: parseEngineName(flag('--engine') ?? 'onednn', '--engine'), log: false });
const pool = (tf.backend() as unknown as { pool?: { bytes: number } }).pool;
if (pool) {
  poolBytes = () => pool.bytes;
  // The pool's free lists by array size (its private map, read for this report only).
  const free = (pool as unknown as { free: Map<number, Float32Array[]> }).free;
  poolSummary = () => [...free.entries()].filter(([, l]) => l.length > 0).sort((a, b) => b[0] * b[1].length - a[0] * a[1].length).slice(0, 8)
    .map(([n, l]) => `${(n * 4 / 2 ** 20).toFixed(1)} MB × ${l.length}`).join(', ');
}
wrapEngineKernels(backend);
const c = perfCases.find((p) => p.name === (flag('--case') ?? 'region-support'))!;
const model = c.build();
const shape = flag('--shape')?.split(/x|×/).map(Number) ?? c.inputShape.slice(0, 3);
const x = tf.randomNormal([...shape, c.inputShape[3]]);
const y = tf.randomNormal([...shape, c.targetShape[3]]);
const train = makeTrainStep(model);
// The forward's end: the loss's first kernel reads the model's output.
const apply = model.apply.bind(model);
model.apply = ((inputs: tf.Tensor, kwargs: object) => { const out = apply(inputs, kwargs); tapeCensus(); return out; }) as typeof model.apply;
for (let step = 1; step <= Number(flag('--steps') ?? 2); step++) {
  peakBytes = 0; peakRss = 0; kernels = 0;
  const t0 = performance.now();
  train(x, y);
  console.log(`step ${step} (${shape.join('×')}): ${(performance.now() - t0).toFixed(0)} ms; peak tensors ${(peakBytes / GB).toFixed(2)} GB at ${peakAt}; peak RSS ${(peakRss / GB).toFixed(2)} GB at ${peakRssAt}; after: tensors ${(tf.memory().numBytes / GB).toFixed(2)} GB, pool ${(poolBytes() / GB).toFixed(2)} GB, RSS ${(process.memoryUsage.rss() / GB).toFixed(2)} GB`);
}
