import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { initEngine, isWasmHeapFailure, parseEngineName, writeFileAtomic } from '@depthkit/core';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePerfArgs, perfUsage, type PerfArgs } from './args.js';
import { perfCases, reshapeCase, type PerfCase } from './cases.js';
import { roundSchedule, summariseRounds, type RoundFigures, type RoundsSummary } from './rounds.js';
import { ensureTorch, timeTorch, type Timing, type TorchTiming } from './torch-runner.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const timeCaseScript = fileURLToPath(new URL('./time-case.ts', import.meta.url));

type Shape = [number, number, number];
interface Measured { params: number; ms: number | null; peakRssMiB?: number; failure?: string }

/** One measurement in a fresh process; a wasm heap abort becomes a reported failure. */
function measure(c: PerfCase, mode: 'forward' | 'train', timing: Timing, engine: string | undefined, shape?: Shape): Measured {
  const result = spawnSync(tsx, ['--conditions=@depthkit/source', timeCaseScript, c.name, mode, String(timing.repeats), engine ?? '', shape?.join(',') ?? '', String(timing.warmups)], {
    encoding: 'utf8', maxBuffer: 16 << 20,
  });
  if (result.status === 0) return JSON.parse(result.stdout.trim().split('\n').pop()!) as Measured;
  const output = `${result.stderr}\n${result.stdout}`;
  const failure = isWasmHeapFailure(output)
    ? `${mode}: exceeds the wasm backend's 4 GB heap`
    : `${mode}: ${output.trim().split('\n').filter((l) => l.trim() !== '').pop() ?? `exit ${result.status}`}`;
  return { params: Number.NaN, ms: null, failure };
}

const exceedsHeap = (m: Measured) => m.failure?.includes('4 GB heap') ?? false;
const shapeText = (s: readonly number[]) => s.join('×');

/**
 * On wasm only: the first train shape — the case's own, then its fallbacks — whose step fits the
 * 4 GB heap, probed with one untimed step before the rounds so every round times the same shape.
 */
function probeTrainShape(c: PerfCase, engine: string | undefined): { shape?: Shape; note?: string } {
  const probe = { repeats: 1, warmups: 0 };
  if (!exceedsHeap(measure(c, 'train', probe, engine))) return {};
  const tried = [shapeText(c.inputShape.slice(0, 3))];
  for (const shape of c.trainFallbacks ?? []) {
    process.stderr.write(`bench:perf: ${c.name} train step does not fit at ${tried.at(-1)}; trying ${shapeText(shape)} …\n`);
    if (!exceedsHeap(measure(c, 'train', probe, engine, shape))) {
      return { shape, note: `train measured at ${shapeText(shape)}: ${tried.join(' and ')} exceed the wasm backend's 4 GB heap` };
    }
    tried.push(shapeText(shape));
  }
  return {};
}

interface CaseResult extends RoundsSummary {
  params: number;
  torchParams: number;
  trainShape?: Shape;
  peakRssMiB: { torch: number | null; forward: number | null; train: number | null };
  failures: string[];
  torch?: TorchTiming;
}

const maxOf = (a: number | null, b: number | undefined) => (b === undefined || !Number.isFinite(b) ? a : Math.max(a ?? 0, b));

/**
 * Times a case in alternating rounds, PyTorch then depthkit, each side in its own process while
 * nothing else of the harness runs, so a load change on the shared machine hits both sides of a
 * round alike; the ratio reported is the median of the per-round ratios.
 */
function timeCase(c: PerfCase, args: PerfArgs, python: string, trainShape: Shape | undefined): CaseResult {
  const figures: RoundFigures[] = [];
  const result: CaseResult = {
    ...summariseRounds([]), params: Number.NaN, torchParams: Number.NaN, trainShape,
    peakRssMiB: { torch: null, forward: null, train: null }, failures: [],
  };
  let forwardFails = false;
  let trainFails = false;
  for (const { round, side } of roundSchedule(args.rounds)) {
    const label = `round ${round + 1}/${args.rounds}`;
    if (side === 'torch') {
      process.stderr.write(`bench:perf: ${c.name} ${label} PyTorch …\n`);
      const main = timeTorch(python, { ...c, modes: trainShape ? ['forward'] : ['forward', 'train'] }, args);
      const atFallback = trainShape ? timeTorch(python, { torchCase: c.torchCase, ...reshapeCase(c, trainShape), modes: ['train'] }, args) : undefined;
      result.torch = main;
      result.torchParams = main.params;
      result.peakRssMiB.torch = maxOf(maxOf(result.peakRssMiB.torch, main.peakRssMiB), atFallback?.peakRssMiB);
      figures.push({ torchForwardMs: main.forwardMs, torchTrainStepMs: (atFallback ?? main).trainStepMs, forwardMs: null, trainStepMs: null });
      continue;
    }
    process.stderr.write(`bench:perf: ${c.name} ${label} depthkit (${shapeText(trainShape ? [...trainShape, c.inputShape[3]] : c.inputShape)}) …\n`);
    const forward: Measured = forwardFails ? { params: Number.NaN, ms: null } : measure(c, 'forward', args, args.engine);
    const train: Measured = trainFails ? { params: Number.NaN, ms: null } : measure(c, 'train', args, args.engine, trainShape);
    for (const m of [forward, train]) if (m.failure && !result.failures.includes(m.failure)) result.failures.push(m.failure);
    // A mode that failed once fails again: later rounds skip it rather than repeat the failure.
    forwardFails ||= forward.failure !== undefined;
    trainFails ||= train.failure !== undefined;
    if (Number.isNaN(result.params)) result.params = Number.isFinite(forward.params) ? forward.params : train.params;
    result.peakRssMiB.forward = maxOf(result.peakRssMiB.forward, forward.peakRssMiB);
    result.peakRssMiB.train = maxOf(result.peakRssMiB.train, train.peakRssMiB);
    Object.assign(figures[round], { forwardMs: forward.ms, trainStepMs: train.ms });
  }
  if (Number.isFinite(result.params) && result.torchParams !== result.params) {
    throw new Error(`bench:perf: ${c.name} has ${result.params} trainable parameters but its PyTorch twin has ${result.torchParams}`);
  }
  return { ...result, ...summariseRounds(figures) };
}

/** One case's perf.json row: the medians, the per-round figures, peak RSS and the load it ran under. */
function caseRow(c: PerfCase, r: CaseResult, at: { engine: string; args: PerfArgs; loadAverage: number; notes: string[] }) {
  return {
    name: c.name,
    engine: at.engine,
    params: r.params,
    torchParams: r.torchParams,
    shape: shapeText(c.inputShape),
    trainShape: r.trainShape ? shapeText([...r.trainShape, c.inputShape[3]]) : shapeText(c.inputShape),
    forwardMs: r.forwardMs,
    trainStepMs: r.trainStepMs,
    torchForwardMs: r.torchForwardMs,
    torchTrainStepMs: r.torchTrainStepMs,
    forwardRatio: r.forwardRatio,
    trainRatio: r.trainRatio,
    rounds: r.rounds,
    peakRssMiB: r.peakRssMiB,
    repeats: at.args.repeats,
    warmups: at.args.warmups,
    loadAverage: at.loadAverage,
    loadAverageAfter: loadavg()[0],
    ...(at.notes.length > 0 ? { note: at.notes.join('; ') } : {}),
  };
}
type CaseRow = ReturnType<typeof caseRow>;

const fmt = (v: number | null, d = 1) => (v === null ? 'n/a' : v.toFixed(d));

async function main(): Promise<void> {
  const parsed = parsePerfArgs(process.argv.slice(2), perfCases.map((c) => c.name));
  if (parsed === 'help') {
    process.stdout.write(perfUsage);
    return;
  }
  const args = parsed;
  const engine = await initEngine({ engine: parseEngineName(args.engine, '--engine') });
  // The fallbacks exist only because of wasm's 4 GB heap: any other engine runs the paper shape.
  const fallback = engine.engine === 'wasm' && !args.noFallback;
  const python = ensureTorch((l) => process.stderr.write(`${l}\n`));
  const selected = perfCases.filter((c) => args.only == null || c.name === args.only);
  const rows: CaseRow[] = [];
  let torchInfo: TorchTiming | undefined;
  for (const c of selected) {
    // Recorded per case: other helpers' work slows both sides, unevenly (wasm uses 1 core, PyTorch 2).
    const loadAverage = loadavg()[0];
    const probed = fallback && c.trainFallbacks ? probeTrainShape(c, args.engine) : {};
    const r = timeCase(c, args, python, probed.shape);
    torchInfo = r.torch ?? torchInfo;
    const notes = [...r.failures, ...(probed.note ? [probed.note] : [])];
    rows.push(caseRow(c, r, { engine: engine.engine, args, loadAverage, notes }));
  }
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    tfjs: tf.version_core,
    engine: engine.summary,
    wasmThreads: engine.threads,
    torch: torchInfo?.torch,
    torchThreads: torchInfo?.threads,
    rounds: args.rounds,
    repeats: args.repeats,
    warmups: args.warmups,
    fallback,
    date: new Date().toISOString(),
  };
  const out = path.join(repoRoot, 'bench-results', 'perf.json');
  // A `--case` run replaces only its own rows: the file keeps every case's latest figures.
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { cases?: Array<{ name: string }> }).cases ?? [] : [];
  const merged = [...previous.filter((p) => !rows.some((r) => r.name === p.name)), ...rows];
  await writeFileAtomic(out, `${JSON.stringify({ machine, cases: merged }, null, 2)}\n`);
  const lines = [
    '| case | engine | params | NHWC | forward ms | torch fwd ms | fwd ratio | train NHWC | train step ms | torch step ms | train ratio | peak RSS MiB (fwd / train / torch) | load |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.engine} | ${r.params} | ${r.shape} | ${fmt(r.forwardMs)} | ${fmt(r.torchForwardMs)} | ${fmt(r.forwardRatio, 2)} | ${r.trainShape} | ${fmt(r.trainStepMs)} | ${fmt(r.torchTrainStepMs)} | ${fmt(r.trainRatio, 2)} | ${fmt(r.peakRssMiB.forward, 0)} / ${fmt(r.peakRssMiB.train, 0)} / ${fmt(r.peakRssMiB.torch, 0)} | ${r.loadAverage.toFixed(2)} |${r.note ? ` ${r.note}` : ''}`),
    '',
    '| case | round | forward ms | torch fwd ms | fwd ratio | train step ms | torch step ms | train ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.flatMap((r) => r.rounds.map((f, i) => `| ${r.name} | ${i + 1} | ${fmt(f.forwardMs)} | ${fmt(f.torchForwardMs)} | ${fmt(f.forwardRatio, 2)} | ${fmt(f.trainStepMs)} | ${fmt(f.torchTrainStepMs)} | ${fmt(f.trainRatio, 2)} |`)),
  ];
  process.stdout.write(`${lines.join('\n')}\n\n${args.rounds} alternating rounds (PyTorch, then depthkit); each figure the median of ${args.repeats} after ${args.warmups} warm-up(s); ratio = depthkit ÷ PyTorch (${machine.torch}, ${machine.torchThreads} threads), the median of the per-round ratios; written ${path.relative(repoRoot, out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
