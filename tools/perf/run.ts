import * as tf from '@tensorflow/tfjs-core';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { initEngine, isWasmHeapFailure, parseEngineName, writeFileAtomic } from '@depthkit/core';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { perfCases, reshapeCase, type PerfCase } from './cases.js';
import { ensureTorch, timeTorch, type Timing, type TorchTiming } from './torch-runner.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Args extends Timing { engine?: string; only?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { repeats: 5, warmups: 2 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--engine') { args.engine = value; i++; }
    else if (flag === '--repeats') { args.repeats = positiveInteger(flag, value, 1); i++; }
    else if (flag === '--warmups') { args.warmups = positiveInteger(flag, value, 0); i++; }
    else if (flag === '--case') { args.only = value; i++; }
    else if (flag === '--help') {
      process.stdout.write('pnpm bench:perf [--engine E] [--repeats N (default 5)] [--warmups W (default 2)] [--case NAME]\n');
      process.exit(0);
    } else throw new Error(`bench:perf: unknown argument '${flag}'`);
  }
  return args;
}

function positiveInteger(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`bench:perf: ${flag} takes an integer ≥ ${min}, got '${value ?? ''}'`);
  return n;
}

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
const timeCaseScript = fileURLToPath(new URL('./time-case.ts', import.meta.url));

interface Measured { params: number; ms: number | null; failure?: string }

/** One measurement in a fresh process; a wasm heap abort becomes a reported failure. */
function measure(c: PerfCase, mode: 'forward' | 'train', timing: Timing, engine: string | undefined, shape?: [number, number, number]): Measured {
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

/**
 * The train step at the case's shape, else at the first of its fallbacks that fits the heap,
 * with PyTorch timed at that same shape so the ratio compares like with like.
 */
function measureTrain(c: PerfCase, timing: Timing, engine: string | undefined, python: string, torchAtMain: TorchTiming) {
  let train = measure(c, 'train', timing, engine);
  if (!exceedsHeap(train) || !c.trainFallbacks) return { train, torchTrainMs: torchAtMain.trainStepMs, shape: undefined };
  const tried = [c.inputShape.slice(0, 3).join('×')];
  for (const shape of c.trainFallbacks) {
    process.stderr.write(`bench:perf: ${c.name} train step does not fit at ${tried.at(-1)}; trying ${shape.join('×')} …\n`);
    const attempt = measure(c, 'train', timing, engine, shape);
    if (!exceedsHeap(attempt)) {
      const torch = timeTorch(python, { torchCase: c.torchCase, ...reshapeCase(c, shape), modes: ['train'] }, timing);
      const note = `train measured at ${shape.join('×')}: ${tried.join(' and ')} exceed the wasm backend's 4 GB heap`;
      return { train: { ...attempt, failure: attempt.failure ?? note }, torchTrainMs: torch.trainStepMs, shape };
    }
    tried.push(shape.join('×'));
  }
  return { train, torchTrainMs: torchAtMain.trainStepMs, shape: undefined };
}

const fmt = (v: number | null, d = 1) => (v === null ? 'n/a' : v.toFixed(d));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await initEngine({ engine: parseEngineName(args.engine, '--engine') });
  const python = ensureTorch((l) => process.stderr.write(`${l}\n`));
  const selected = perfCases.filter((c) => args.only == null || c.name === args.only);
  const rows: Array<{
    name: string; engine: string; params: number; torchParams: number; shape: string; trainShape: string;
    forwardMs: number | null; trainStepMs: number | null; torchForwardMs: number | null; torchTrainStepMs: number | null;
    forwardRatio: number | null; trainRatio: number | null; repeats: number; warmups: number; loadAverage: number; note?: string;
  }> = [];
  let torchInfo: TorchTiming | undefined;
  for (const c of selected) {
    // Other work on the machine slows both sides unevenly (wasm uses 1 core, PyTorch 2).
    const loadAverage = loadavg()[0];
    // PyTorch first: after a tfjs run, V8's background GC keeps the second core busy for a
    // while, which would slow the 2-thread PyTorch run and flatter the ratio.
    process.stderr.write(`bench:perf: ${c.name} in PyTorch …\n`);
    torchInfo = timeTorch(python, { ...c, modes: ['forward', 'train'] }, args);
    process.stderr.write(`bench:perf: ${c.name} on ${engine.engine} (${c.inputShape.join('×')}) …\n`);
    const forward = measure(c, 'forward', args, args.engine);
    const { train, torchTrainMs, shape: trainShape } = measureTrain(c, args, args.engine, python, torchInfo);
    const params = Number.isFinite(forward.params) ? forward.params : train.params;
    if (Number.isFinite(params) && torchInfo.params !== params) {
      throw new Error(`bench:perf: ${c.name} has ${params} trainable parameters but its PyTorch twin has ${torchInfo.params}`);
    }
    const mine = { params, forwardMs: forward.ms, trainStepMs: train.ms, failures: [forward.failure, train.failure].filter(Boolean) };
    rows.push({
      name: c.name,
      engine: engine.engine,
      params: mine.params,
      torchParams: torchInfo.params,
      shape: c.inputShape.join('×'),
      trainShape: trainShape ? [...trainShape, c.inputShape[3]].join('×') : c.inputShape.join('×'),
      forwardMs: mine.forwardMs,
      trainStepMs: mine.trainStepMs,
      torchForwardMs: torchInfo.forwardMs,
      torchTrainStepMs: torchTrainMs,
      forwardRatio: mine.forwardMs === null || torchInfo.forwardMs === null ? null : mine.forwardMs / torchInfo.forwardMs,
      repeats: args.repeats,
      warmups: args.warmups,
      loadAverage,
      trainRatio: mine.trainStepMs === null || torchTrainMs === null ? null : mine.trainStepMs / torchTrainMs,
      ...(mine.failures.length > 0 ? { note: mine.failures.join('; ') } : {}),
    });
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
    repeats: args.repeats,
    warmups: args.warmups,
    date: new Date().toISOString(),
  };
  const out = path.join(repoRoot, 'bench-results', 'perf.json');
  // A `--case` run replaces only its own rows: the file keeps every case's latest figures.
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { cases?: Array<{ name: string }> }).cases ?? [] : [];
  const merged = [...previous.filter((p) => !rows.some((r) => r.name === p.name)), ...rows];
  await writeFileAtomic(out, `${JSON.stringify({ machine, cases: merged }, null, 2)}\n`);
  const lines = [
    '| case | engine | params | NHWC | forward ms | torch fwd ms | fwd ratio | train NHWC | train step ms | torch step ms | train ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.engine} | ${r.params} | ${r.shape} | ${fmt(r.forwardMs)} | ${fmt(r.torchForwardMs)} | ${fmt(r.forwardRatio, 2)} | ${r.trainShape} | ${fmt(r.trainStepMs)} | ${fmt(r.torchTrainStepMs)} | ${fmt(r.trainRatio, 2)} |${r.note ? ` ${r.note}` : ''}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n\nmedian of ${args.repeats} after ${args.warmups} warm-up(s), PyTorch likewise; ratio = depthkit ÷ PyTorch (${machine.torch}, ${machine.torchThreads} threads); written ${path.relative(repoRoot, out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
