import * as tf from '@tensorflow/tfjs-core';
import { initEngine, parseEngineName, writeFileAtomic } from '@depthkit/core';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { perfCases, type PerfCase } from './cases.js';
import { firstOutput, makeTrainStep, trainableParams } from './reference-net.js';
import { ensureTorch, timeTorch, type TorchTiming } from './torch-runner.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Args { engine?: string; repeats: number; only?: string }

function parseArgs(argv: string[]): Args {
  const args: Args = { repeats: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--engine') { args.engine = value; i++; }
    else if (flag === '--repeats') { args.repeats = Math.max(5, Number(value)); i++; }
    else if (flag === '--case') { args.only = value; i++; }
    else if (flag === '--help') {
      process.stdout.write('pnpm bench:perf [--engine E] [--repeats N>=5] [--case NAME]\n');
      process.exit(0);
    } else throw new Error(`bench:perf: unknown argument '${flag}'`);
  }
  return args;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeMs(fn: () => void, repeats: number): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

function timeDepthkit(c: PerfCase, repeats: number) {
  const model = c.build();
  const x = tf.randomNormal(c.inputShape, 0, 1, 'float32', 1);
  const y = tf.randomNormal(c.targetShape, 0, 1, 'float32', 2);
  const forwardMs = timeMs(() => {
    const out = model.predict(x) as tf.Tensor | tf.Tensor[];
    firstOutput(out).dataSync();
    tf.dispose(out);
  }, repeats);
  const step = makeTrainStep(model);
  const trainStepMs = timeMs(() => step(x, y), repeats);
  const params = trainableParams(model);
  tf.dispose([x, y]);
  model.dispose();
  return { params, forwardMs, trainStepMs };
}

const fmt = (v: number, d = 1) => v.toFixed(d);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await initEngine({ engine: parseEngineName(args.engine, '--engine') });
  const python = ensureTorch((l) => process.stderr.write(`${l}\n`));
  const selected = perfCases.filter((c) => args.only == null || c.name === args.only);
  const rows = [];
  let torchInfo: TorchTiming | undefined;
  for (const c of selected) {
    // PyTorch first: after a tfjs run, V8's background GC keeps the second core busy for a
    // while, which would slow the 2-thread PyTorch run and flatter the ratio.
    process.stderr.write(`bench:perf: ${c.name} in PyTorch …\n`);
    torchInfo = timeTorch(python, c.torchCase, args.repeats);
    process.stderr.write(`bench:perf: ${c.name} on ${engine.engine} (${c.inputShape.join('×')}) …\n`);
    const mine = timeDepthkit(c, args.repeats);
    if (torchInfo.params !== mine.params) {
      throw new Error(`bench:perf: ${c.name} has ${mine.params} trainable parameters but its PyTorch twin has ${torchInfo.params}`);
    }
    rows.push({
      name: c.name,
      engine: engine.engine,
      params: mine.params,
      torchParams: torchInfo.params,
      forwardMs: mine.forwardMs,
      trainStepMs: mine.trainStepMs,
      torchForwardMs: torchInfo.forwardMs,
      torchTrainStepMs: torchInfo.trainStepMs,
      forwardRatio: mine.forwardMs / torchInfo.forwardMs,
      trainRatio: mine.trainStepMs / torchInfo.trainStepMs,
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
    date: new Date().toISOString(),
  };
  const out = path.join(repoRoot, 'bench-results', 'perf.json');
  await writeFileAtomic(out, `${JSON.stringify({ machine, cases: rows }, null, 2)}\n`);
  const lines = [
    '| case | engine | params | forward ms | torch fwd ms | fwd ratio | train step ms | torch step ms | train ratio |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.engine} | ${r.params} | ${fmt(r.forwardMs)} | ${fmt(r.torchForwardMs)} | ${fmt(r.forwardRatio, 2)} | ${fmt(r.trainStepMs)} | ${fmt(r.torchTrainStepMs)} | ${fmt(r.trainRatio, 2)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n\nmedian of ${args.repeats} after 2 warm-ups; ratio = depthkit ÷ PyTorch (${machine.torch}, ${machine.torchThreads} threads); written ${path.relative(repoRoot, out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
