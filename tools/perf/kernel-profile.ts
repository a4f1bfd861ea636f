// Per-kernel wall time of train steps (no read-back, unlike tf.profile), split into time in JS
// kernels (tfjs's cpu kernels, and native kernels' fallbacks to them) and time in native ones.
//   tsx --conditions=@depthkit/source tools/perf/kernel-profile.ts [--engine E] (default wasm)
//     the reference net's bench:perf step (L1 + Adam);
//   ... --case NAME: a bench:perf case at its paper shape (L1 + Adam, as the harness times it);
//     --shape BxHxW runs it at another batch and size; --forward times predict instead of a step;
//     --slow MS lists each JS kernel call slower than MS with its inputs' shapes;
//   ... --method ID [--preset P] [--data DIR] [--batch B] [--crop HxW] [--steps N]: the method's
//     own training (its loss, optimizer, custom step and data pipeline) through trainMethod, as
//     `<id> train` runs it; per-step seconds and data waits come from its train-log.jsonl.
//   ... --case NAME --first-step: the first two steps apart, each split into wall and CPU time,
//     primitive builds (oneDNN JIT, onednn only), minor page faults (first touch of new memory),
//     GC pauses and time in kernels; why the first step costs more than the ones after it.
// Registers tfjs's cpu kernels at import, before initEngine copies them for onednn.
import { loadAddon } from '@depthkit/backend-onednn';
import * as tf from '@tensorflow/tfjs-core';
import { PerformanceObserver } from 'node:perf_hooks';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initEngine, parseEngineName, trainMethod, type DepthMethod } from '@depthkit/core';
import { deeplabSid } from '@depthkit/deeplab-sid';
import { dsSidenet } from '@depthkit/ds-sidenet';
import { hmaDepth } from '@depthkit/hma-depth';
import { regionSupport } from '@depthkit/region-support';
import { segmentDepth } from '@depthkit/segment-depth';
import { perfCases } from './cases.js';
import { buildReferenceNet, makeTrainStep } from './reference-net.js';

/** Each method with the preset its paper shape belongs to (bench:perf's cases). */
const methods: Record<string, { method: DepthMethod<never>; preset: string }> = {
  'hma-depth': { method: hmaDepth as DepthMethod<never>, preset: 'kitti' },
  'deeplab-sid': { method: deeplabSid as DepthMethod<never>, preset: 'kitti' },
  'segment-depth': { method: segmentDepth as DepthMethod<never>, preset: 'synthia' },
  'region-support': { method: regionSupport as DepthMethod<never>, preset: 'kitti' },
  'ds-sidenet': { method: dsSidenet as DepthMethod<never>, preset: 'nyu' },
};

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** --slow MS: print every JS kernel call slower than MS with its inputs' shapes. */
const slowMs = flag('--slow') == null ? undefined : Number(flag('--slow'));

interface Total { ms: number; n: number; jsMs: number }
const totals = new Map<string, Total>();
const entry = (name: string) => totals.get(name) ?? (totals.set(name, { ms: 0, n: 0, jsMs: 0 }), totals.get(name)!);

/**
 * Every cpu kernel timed as JS before the engine registers (onednn copies the cpu configs and
 * takes its fallbacks from them, so both carry this wrapper); the time nested in it is JS time.
 */
function wrapCpuKernels(): void {
  for (const k of tf.getKernelsForBackend('cpu')) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, 'cpu');
    tf.registerKernel({ ...k, kernelFunc: (args) => {
      const t = performance.now(); const r = inner(args);
      const ms = performance.now() - t;
      entry(k.kernelName).jsMs += ms;
      if (slowMs != null && ms > slowMs) console.log(`slow JS ${k.kernelName} ${ms.toFixed(1)} ms: ${Object.entries(args.inputs).map(([name, input]) => `${name} ${input?.dtype}[${input?.shape}]`).join(', ')}`);
      return r;
    } });
  }
}

/** The engine's kernels timed as a whole (native, plus any JS nested in them). */
function wrapEngineKernels(backend: string): void {
  if (backend === 'cpu') return;
  for (const k of tf.getKernelsForBackend(backend)) {
    const inner = k.kernelFunc;
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({ ...k, setupFunc: undefined, kernelFunc: (args) => {
      const t = performance.now(); const r = inner(args);
      const e = entry(k.kernelName); e.ms += performance.now() - t; e.n++; return r;
    } });
  }
}

async function profileMethod(id: string, steps: number): Promise<{ stepMs: number; perStep: number; note: string }> {
  const known = methods[id];
  if (!known) throw new Error(`kernel-profile: unknown method '${id}'; expected one of ${Object.keys(methods).join(', ')}`);
  const preset = flag('--preset') ?? known.preset;
  const batchSize = Number(flag('--batch') ?? 2);
  const crop = flag('--crop')?.split(/x|×/).map(Number) as [number, number] | undefined;
  const out = await mkdtemp(path.join(tmpdir(), `kernel-profile-${id}-`));
  try {
    const t0 = performance.now();
    await trainMethod({
      method: known.method, preset, dataDir: flag('--data'), outDir: out, steps, batchSize, crop,
      validate: false, log: 'none', checkpointEverySteps: steps,
    });
    const wall = performance.now() - t0;
    const log = (await readFile(path.join(out, 'train-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; stepSeconds?: number; dataSeconds?: number; cpuSeconds?: number });
    const rows = log.filter((r) => r.kind === 'step');
    const later = rows.slice(1);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const stepMs = mean(later.map((r) => r.stepSeconds ?? NaN)) * 1000;
    const note = `${id} ${preset} batch ${batchSize}${crop ? ` crop ${crop.join('×')}` : ''}: steps ${rows.map((r) => `${r.stepSeconds?.toFixed(2)} s (data ${r.dataSeconds?.toFixed(2)}, CPU ${r.cpuSeconds?.toFixed(2)})`).join(', ')}; whole run ${(wall / 1000).toFixed(1)} s (with model build, checkpoint and save)`;
    return { stepMs, perStep: steps, note };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

let gcMs = 0;
let gcCount = 0;

/** GC pauses as Node reports them (delivered asynchronously: settle() before reading). */
function watchGc(): void {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { gcMs += e.duration; gcCount++; }
  }).observe({ entryTypes: ['gc'] });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

interface StepCost { wallMs: number; cpuMs: number; systemMs: number; faults: number; gcMs: number; gcs: number; builds: number; buildMs: number; kernelMs: number }

/** One step's costs, from counters read before and after it. */
async function measureStep(step: () => void, backend: string): Promise<StepCost> {
  const addon = backend === 'onednn' ? loadAddon() : undefined;
  const stats = () => (addon?.ok ? addon.addon.cacheStats() : { misses: 0, buildMs: 0 });
  const kernelMs = () => [...totals.values()].reduce((a, v) => a + (backend === 'cpu' ? v.jsMs : v.ms), 0);
  await settle();
  const before = { usage: process.resourceUsage(), cpu: process.cpuUsage(), gcMs, gcCount, stats: stats(), kernels: kernelMs() };
  const t0 = performance.now();
  step();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(before.cpu);
  const usage = process.resourceUsage();
  await settle();
  const after = stats();
  return {
    wallMs, cpuMs: (cpu.user + cpu.system) / 1000, systemMs: cpu.system / 1000, faults: usage.minorPageFault - before.usage.minorPageFault,
    gcMs: gcMs - before.gcMs, gcs: gcCount - before.gcCount, builds: after.misses - before.stats.misses,
    buildMs: after.buildMs - before.stats.buildMs, kernelMs: kernelMs() - before.kernels,
  };
}

/** The first steps side by side: where the first one's extra time goes. */
function printFirstSteps(steps: StepCost[]): void {
  const row = (label: string, f: (c: StepCost) => string) => console.log(`${label.padEnd(34)} ${steps.map((c) => f(c).padStart(12)).join(' ')}`);
  row('', (_c) => '');
  console.log(`${''.padEnd(34)} ${steps.map((_, i) => `step ${i + 1}`.padStart(12)).join(' ')}`);
  row('wall ms', (c) => c.wallMs.toFixed(0));
  row('CPU ms (all threads)', (c) => c.cpuMs.toFixed(0));
  row('  of which in the OS (sys) ms', (c) => c.systemMs.toFixed(0));
  row('in kernels ms (wall)', (c) => c.kernelMs.toFixed(0));
  row('  of which building primitives ms', (c) => c.buildMs.toFixed(0));
  row('  primitives built', (c) => String(c.builds));
  row('minor page faults', (c) => String(c.faults));
  row('  as MiB of 4 KiB pages', (c) => (c.faults * 4 / 1024).toFixed(0));
  row('GC ms (pauses)', (c) => c.gcMs.toFixed(0));
  row('GC count', (c) => String(c.gcs));
  row('outside kernels ms (wall)', (c) => (c.wallMs - c.kernelMs).toFixed(0));
}

/** The harness case's train (or predict) step on random data, ready to run. */
function harnessStep(caseName: string | undefined): { step: () => void; forward: boolean; note: string } {
  const c = caseName ? perfCases.find((p) => p.name === caseName) : undefined;
  if (caseName && !c) throw new Error(`kernel-profile: unknown case '${caseName}'; expected one of ${perfCases.map((p) => p.name).join(', ')}`);
  const model = c ? c.build() : buildReferenceNet(128, 416);
  const shape = flag('--shape')?.split(/x|×/).map(Number);
  const inputShape = (shape ? [...shape, (c?.inputShape ?? [0, 0, 0, 3])[3]] : c?.inputShape ?? [2, 128, 416, 3]) as number[];
  const targetShape = (shape ? [...shape, (c?.targetShape ?? [0, 0, 0, 1])[3]] : c?.targetShape ?? [2, 128, 416, 1]) as number[];
  const x = tf.randomNormal(inputShape); const y = tf.randomNormal(targetShape);
  const forward = process.argv.includes('--forward');
  const train = makeTrainStep(model);
  const step = forward ? () => tf.dispose(model.predict(x)) : () => train(x, y);
  return { step, forward, note: `${c?.name ?? 'reference'} ${inputShape.join('×')}, ${forward ? 'forward (predict)' : 'L1 + Adam'}` };
}

function profileHarnessStep(caseName: string | undefined): { stepMs: number; perStep: number; note: string } {
  const { step, forward, note } = harnessStep(caseName);
  const repeats = Number(flag('--repeats') ?? 3);
  step(); if (!forward) step();
  totals.clear();
  const t0 = performance.now(); for (let i = 0; i < repeats; i++) step();
  return { stepMs: (performance.now() - t0) / repeats, perStep: repeats, note };
}

/** --first-step: the first --steps (default 3) steps measured one by one and printed side by side. */
async function profileFirstSteps(caseName: string | undefined): Promise<void> {
  watchGc();
  const { step, note } = harnessStep(caseName);
  const costs: StepCost[] = [];
  for (let i = 0; i < Number(flag('--steps') ?? 3); i++) costs.push(await measureStep(step, backend));
  console.log(`${note}: the first steps apart`);
  printFirstSteps(costs);
  const addon = backend === 'onednn' ? loadAddon() : undefined;
  if (addon?.ok) console.log(`primitive cache: ${JSON.stringify(addon.addon.cacheStats())}`);
}

wrapCpuKernels();
const { backend, summary } = await initEngine({ engine: parseEngineName(flag('--engine') ?? 'wasm', '--engine'), log: false });
wrapEngineKernels(backend);
console.log(`kernel profile on ${backend}: ${summary}`);
const methodId = flag('--method');
if (process.argv.includes('--first-step')) {
  if (methodId) throw new Error('kernel-profile: --first-step works with --case (or the reference net), not --method');
  await profileFirstSteps(flag('--case'));
  process.exit(0);
}
const result = methodId ? await profileMethod(methodId, Number(flag('--steps') ?? 3)) : profileHarnessStep(flag('--case'));
let sum = 0; let js = 0;
for (const v of totals.values()) { sum += v.ms / result.perStep; js += (backend === 'cpu' ? v.ms : v.jsMs) / result.perStep; }
console.log(result.note);
console.log(`step ${result.stepMs.toFixed(0)} ms (steps after the first); in kernels ${sum.toFixed(0)} ms/step, of which JS kernels ${js.toFixed(0)} ms`);
console.log(`${'kernel'.padEnd(30)} ${'ms/step'.padStart(8)} ${'calls'.padStart(6)} ${'% step'.padStart(7)} ${'JS ms'.padStart(8)}`);
for (const [k, v] of [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(flag('--top') ?? 25))) {
  const jsMs = backend === 'cpu' ? v.ms : v.jsMs;
  console.log(`${k.padEnd(30)} ${(v.ms / result.perStep).toFixed(1).padStart(8)} ${String(Math.round(v.n / result.perStep)).padStart(6)} ${((100 * v.ms / result.perStep) / result.stepMs).toFixed(1).padStart(7)} ${(jsMs / result.perStep).toFixed(1).padStart(8)}`);
}
