import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  FolderDataset,
  augmentationPresets,
  createPipeline,
  initEngine,
  kittiSpec,
  nyuSpec,
  parseEngineName,
  synthiaSpec,
  presetPipelineOptions,
  readerSource,
  writeDepthPng,
  writeRgbImage,
  type DatasetSpec,
  type PresetName,
} from '@depthkit/core';
import { perfCases } from '../perf/cases.js';

/**
 * `pnpm bench:data`: images/s the training data pipeline delivers for every augmentation preset
 * (PNG pairs at the dataset's native size, the preset's full recipe, its train size), in this
 * thread (`workers: 0`) and on worker threads, next to the train-step time bench:perf measured,
 * so it is visible whether the loader could be the bottleneck. Two figures each: wall time (what
 * a consumer waiting on nothing else would see) and main-thread busy time (what the loader takes
 * from a train step it overlaps with: decoding runs on libuv's threads, augmenting runs in this
 * thread without workers).
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Args { images: number; epochs: number; batch: number; prefetch: number; workers: number; engine?: string; perf: string; keep: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { images: 64, epochs: 3, batch: 4, prefetch: 4, workers: 2, perf: path.join(repoRoot, 'bench-results', 'perf.json'), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--images') { args.images = Math.max(8, Number(value)); i++; }
    else if (flag === '--epochs') { args.epochs = Math.max(3, Number(value)); i++; }
    else if (flag === '--batch') { args.batch = Math.max(1, Number(value)); i++; }
    else if (flag === '--prefetch') { args.prefetch = Math.max(0, Number(value)); i++; }
    else if (flag === '--workers') { args.workers = Math.max(1, Number(value)); i++; }
    else if (flag === '--engine') { args.engine = value; i++; }
    else if (flag === '--perf') { args.perf = path.resolve(value); i++; }
    else if (flag === '--keep') args.keep = true;
    else if (flag === '--help') {
      process.stdout.write('pnpm bench:data [--images N>=8] [--epochs E>=3] [--batch B] [--prefetch P] [--workers N≥1 (default 2)] [--engine E] [--perf perf.json] [--keep]\n');
      process.exit(0);
    } else throw new Error(`bench:data: unknown argument '${flag}'`);
  }
  return args;
}

/**
 * A deterministic KITTI-looking frame: sky, a textured road and façades, sensor noise (so the PNG
 * compresses, and decodes, like a photo rather than a flat test card), and ~20 % sparse GT below
 * row 119 as the depth benchmark has.
 */
function syntheticFrame(seed: number, height: number, width: number, spec: DatasetSpec) {
  let state = (seed * 2654435761) >>> 0;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const rgb = new Uint8Array(height * width * 3);
  const depth = new Float32Array(height * width);
  const phase = rand() * Math.PI * 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const metres = Math.min(spec.maxDepth, 4 + 2000 / Math.max(1, y - 110) + 6 * Math.sin(x / 80 + phase));
      const shade = y < 120 ? 200 - y / 2 : 60 + 120 * Math.abs(Math.sin(x / 40 + y / 25 + phase));
      const noise = (rand() - 0.5) * 24;
      rgb[i * 3] = Math.max(0, Math.min(255, shade + noise));
      rgb[i * 3 + 1] = Math.max(0, Math.min(255, shade * 0.95 + noise));
      rgb[i * 3 + 2] = Math.max(0, Math.min(255, shade * (y < 120 ? 1.2 : 0.85) + noise));
      if (y >= 119 && rand() < 0.28) depth[i] = Math.round(metres * spec.depthScale) / spec.depthScale;
    }
  }
  return { rgb: { width, height, data: rgb }, depth: { width, height, data: depth } };
}

async function writeDataset(root: string, count: number, spec: DatasetSpec): Promise<{ images: string; depth: string }> {
  const [height, width] = spec.resolution.native;
  const images = path.join(root, 'image');
  const depth = path.join(root, 'depth');
  await mkdir(images, { recursive: true });
  await mkdir(depth, { recursive: true });
  for (let start = 0; start < count; start += 4) {
    await Promise.all(
      Array.from({ length: Math.min(4, count - start) }, async (_, k) => {
        const n = start + k;
        const frame = syntheticFrame(n + 1, height, width, spec);
        const name = String(n).padStart(10, '0');
        await writeRgbImage(path.join(images, `${name}.png`), frame.rgb);
        await writeDepthPng(path.join(depth, `${name}.png`), frame.depth, spec.depthScale);
      }),
    );
  }
  return { images, depth };
}

interface TrainStep { ms: number; batch: number; height: number; width: number; engine: string; name: string }

interface PerfRow { name: string; engine: string; trainStepMs?: number; trainShape?: string }

/** bench:perf's rows (default bench-results/perf.json), or why there are none. */
function readPerf(file: string): PerfRow[] | string {
  if (!existsSync(file)) return `${path.relative(repoRoot, file)} is missing (run pnpm bench:perf first, or pass --perf FILE)`;
  const perf = JSON.parse(readFileSync(file, 'utf8')) as { cases?: PerfRow[] };
  return perf.cases ?? [];
}

/** A perf row's measured train step with the shape it ran at (trainShape, `B×H×W×C`). */
function stepOf(row: PerfRow): TrainStep | undefined {
  const [batch, height, width] = (row.trainShape ?? '').split('×').map(Number);
  if (row.trainStepMs == null || !(batch > 0 && height > 0 && width > 0)) return undefined;
  return { ms: row.trainStepMs, batch, height, width, engine: row.engine, name: row.name };
}

/**
 * The step the loader must keep ahead of at a preset: the fastest train step per image among
 * the method cases that train on its dataset (scaled by pixels to the preset's train size when
 * measured at another), else the reference net's scaled likewise.
 */
function presetStep(rows: PerfRow[], preset: PresetName, batch: number, [height, width]: readonly [number, number]): { ms: number; from: string } | undefined {
  const perImagePixel = (s: TrainStep) => s.ms / s.batch / (s.height * s.width);
  const own = perfCases.filter((c) => c.dataset === preset).map((c) => rows.find((r) => r.name === c.name)).flatMap((r) => (r ? [stepOf(r)] : [])).filter((s): s is TrainStep => s != null);
  const reference = rows.find((r) => r.name === 'reference');
  const candidates = own.length > 0 ? own : reference && stepOf(reference) ? [stepOf(reference)!] : [];
  if (candidates.length === 0) return undefined;
  const fastest = candidates.reduce((a, b) => (perImagePixel(b) < perImagePixel(a) ? b : a));
  const ms = perImagePixel(fastest) * batch * height * width;
  const exact = fastest.height === height && fastest.width === width;
  return { ms, from: `${fastest.name} ${fastest.engine} ${fastest.batch}×${fastest.height}×${fastest.width}${exact ? '' : ', scaled'}` };
}

const fmt = (v: number, d = 1) => v.toFixed(d);

const presetSpecs: Record<PresetName, DatasetSpec> = { kitti: kittiSpec, nyu: nyuSpec, synthia: synthiaSpec };

interface LoaderFigures { perImageMs: number; busyPerImageMs: number; firstBatchMs: number }

/** One pass of the pipeline over the folder: wall and main-thread time per image. */
async function timeLoader(source: ReturnType<typeof readerSource>, preset: PresetName, args: Args, workers: number): Promise<LoaderFigures> {
  const pipeline = createPipeline({
    source, batchSize: args.batch, seed: 0, prefetch: args.prefetch, dropRemainder: true, epochs: args.epochs, workers,
    ...presetPipelineOptions(preset),
  });
  const start = performance.now();
  const eluStart = performance.eventLoopUtilization();
  let images = 0;
  let firstBatchMs = 0;
  for await (const batch of pipeline) {
    if (images === 0) firstBatchMs = performance.now() - start;
    images += batch.images.shape[0];
    batch.dispose();
  }
  const wallMs = performance.now() - start;
  return { perImageMs: wallMs / images, busyPerImageMs: performance.eventLoopUtilization(eluStart).active / images, firstBatchMs };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await initEngine({ engine: parseEngineName(args.engine, '--engine') });
  const perf = readPerf(args.perf);
  const lines = [
    `loader: every preset's full recipe on ${args.images} synthetic PNG pairs at the dataset's native size, batch ${args.batch}, prefetch ${args.prefetch}, ${args.epochs} epochs, ${engine.engine}`,
    typeof perf === 'string'
      ? `train step: ${perf}`
      : `train step: ${path.relative(repoRoot, args.perf)} — per preset the fastest method case on its dataset (per image, scaled by pixels to the train size when measured at another), as batches of ${args.batch}`,
    '',
    '| preset | native → train | workers | images/s | ms per batch | main-thread ms per batch | first batch ms | train step ms per batch | step measured by | loader ÷ step (wall) | loader ÷ step (main thread) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const preset of Object.keys(augmentationPresets) as PresetName[]) {
    const spec = presetSpecs[preset];
    const root = await mkdtemp(path.join(tmpdir(), `depthkit-data-bench-${preset}-`));
    try {
      const written = performance.now();
      const folders = await writeDataset(root, args.images, spec);
      process.stderr.write(`bench:data: ${preset}: wrote ${args.images} ${spec.resolution.native.join('×')} PNG pairs to ${root} in ${fmt((performance.now() - written) / 1000)} s\n`);
      const dataset = new FolderDataset({ ...folders, depthScale: spec.depthScale });
      const source = readerSource(await dataset.entries(), (entry) => dataset.read(entry));
      const [height, width] = augmentationPresets[preset].size;
      const step = typeof perf === 'string' ? undefined : presetStep(perf, preset, args.batch, [height, width]);
      const stepMs = step?.ms;
      for (const workers of [0, args.workers]) {
        process.stderr.write(`bench:data: ${preset} with ${workers} worker(s) …\n`);
        const f = await timeLoader(source, preset, args, workers);
        const batchMs = f.perImageMs * args.batch;
        const busyMs = f.busyPerImageMs * args.batch;
        lines.push(
          `| ${preset} | ${spec.resolution.native.join('×')} → ${height}×${width} | ${workers} | ${fmt(1000 / f.perImageMs)} | ${fmt(batchMs)} | ${fmt(busyMs)} | ${fmt(f.firstBatchMs, 0)} | ` +
            `${stepMs === undefined ? 'n/a' : fmt(stepMs, 0)} | ${step?.from ?? 'n/a'} | ${stepMs === undefined ? 'n/a' : fmt(batchMs / stepMs, 2)} | ${stepMs === undefined ? 'n/a' : fmt(busyMs / stepMs, 2)} |`,
        );
      }
    } finally {
      if (args.keep) process.stderr.write(`bench:data: kept ${root}\n`);
      else await rm(root, { recursive: true, force: true });
    }
  }
  lines.push(
    '',
    'loader ÷ step < 1: the pipeline keeps ahead of the train step. Wall time is what a consumer that waits on nothing else sees;',
    'main-thread time is what the loader takes from a train step it overlaps with (the step holds that thread on every engine).',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
