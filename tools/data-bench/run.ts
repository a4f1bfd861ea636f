import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  FolderDataset,
  createPipeline,
  initEngine,
  kittiSpec,
  parseEngineName,
  presetPipelineOptions,
  readerSource,
  writeDepthPng,
  writeRgbImage,
} from '@depthkit/core';
import { perfCases } from '../perf/cases.js';

/**
 * `pnpm bench:data`: images/s the training data pipeline delivers on KITTI-size PNG pairs with the
 * full BTS KITTI recipe at the train resolution, next to the train-step time bench:perf measured,
 * so it is visible whether the loader could ever be the bottleneck. Two figures: wall time (what
 * a consumer waiting on nothing else would see) and main-thread busy time (what the loader takes
 * from a train step it overlaps with: decoding runs on libuv's threads, augmenting does not).
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Args { images: number; epochs: number; batch: number; prefetch: number; engine?: string; keep: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { images: 64, epochs: 3, batch: 4, prefetch: 4, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--images') { args.images = Math.max(8, Number(value)); i++; }
    else if (flag === '--epochs') { args.epochs = Math.max(3, Number(value)); i++; }
    else if (flag === '--batch') { args.batch = Math.max(1, Number(value)); i++; }
    else if (flag === '--prefetch') { args.prefetch = Math.max(0, Number(value)); i++; }
    else if (flag === '--engine') { args.engine = value; i++; }
    else if (flag === '--keep') args.keep = true;
    else if (flag === '--help') {
      process.stdout.write('pnpm bench:data [--images N>=8] [--epochs E>=3] [--batch B] [--prefetch P] [--engine E] [--keep]\n');
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
function syntheticFrame(seed: number, height: number, width: number) {
  let state = (seed * 2654435761) >>> 0;
  const rand = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const rgb = new Uint8Array(height * width * 3);
  const depth = new Float32Array(height * width);
  const phase = rand() * Math.PI * 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const metres = Math.min(90, 4 + 2000 / Math.max(1, y - 110) + 6 * Math.sin(x / 80 + phase));
      const shade = y < 120 ? 200 - y / 2 : 60 + 120 * Math.abs(Math.sin(x / 40 + y / 25 + phase));
      const noise = (rand() - 0.5) * 24;
      rgb[i * 3] = Math.max(0, Math.min(255, shade + noise));
      rgb[i * 3 + 1] = Math.max(0, Math.min(255, shade * 0.95 + noise));
      rgb[i * 3 + 2] = Math.max(0, Math.min(255, shade * (y < 120 ? 1.2 : 0.85) + noise));
      if (y >= 119 && rand() < 0.28) depth[i] = Math.round(metres * kittiSpec.depthScale) / kittiSpec.depthScale;
    }
  }
  return { rgb: { width, height, data: rgb }, depth: { width, height, data: depth } };
}

async function writeDataset(root: string, count: number): Promise<{ images: string; depth: string }> {
  const [height, width] = kittiSpec.resolution.native;
  const images = path.join(root, 'image');
  const depth = path.join(root, 'depth');
  await mkdir(images, { recursive: true });
  await mkdir(depth, { recursive: true });
  for (let start = 0; start < count; start += 4) {
    await Promise.all(
      Array.from({ length: Math.min(4, count - start) }, async (_, k) => {
        const n = start + k;
        const frame = syntheticFrame(n + 1, height, width);
        const name = String(n).padStart(10, '0');
        await writeRgbImage(path.join(images, `${name}.png`), frame.rgb);
        await writeDepthPng(path.join(depth, `${name}.png`), frame.depth, kittiSpec.depthScale);
      }),
    );
  }
  return { images, depth };
}

interface TrainStep { ms: number; batch: number; height: number; width: number; engine: string }

/** The reference case's train step from bench-results/perf.json, with its input shape from the harness. */
function readTrainStep(): TrainStep | string {
  const file = path.join(repoRoot, 'bench-results', 'perf.json');
  if (!existsSync(file)) return `${path.relative(repoRoot, file)} is missing (run pnpm bench:perf first)`;
  const perf = JSON.parse(readFileSync(file, 'utf8')) as { cases?: { name: string; engine: string; trainStepMs: number }[] };
  const row = perf.cases?.find((c) => c.name === 'reference');
  const perfCase = perfCases.find((c) => c.name === 'reference');
  if (!row || !perfCase) return `${path.relative(repoRoot, file)} has no 'reference' case`;
  const [batch, height, width] = perfCase.inputShape;
  return { ms: row.trainStepMs, batch, height, width, engine: row.engine };
}

const fmt = (v: number, d = 1) => v.toFixed(d);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const engine = await initEngine({ engine: parseEngineName(args.engine, '--engine') });
  const root = await mkdtemp(path.join(tmpdir(), 'depthkit-data-bench-'));
  try {
    const written = performance.now();
    const folders = await writeDataset(root, args.images);
    process.stderr.write(`bench:data: wrote ${args.images} KITTI-size PNG pairs to ${root} in ${fmt((performance.now() - written) / 1000)} s\n`);
    const dataset = new FolderDataset({ ...folders, depthScale: kittiSpec.depthScale });
    const source = readerSource(await dataset.entries(), (entry) => dataset.read(entry));
    const pipeline = createPipeline({
      source,
      batchSize: args.batch,
      seed: 0,
      prefetch: args.prefetch,
      dropRemainder: true,
      epochs: args.epochs,
      ...presetPipelineOptions('kitti'),
    });
    const [height, width] = kittiSpec.resolution.train;
    const start = performance.now();
    const eluStart = performance.eventLoopUtilization();
    let images = 0;
    let batches = 0;
    let firstBatchMs = 0;
    for await (const batch of pipeline) {
      if (batches === 0) firstBatchMs = performance.now() - start;
      images += batch.images.shape[0];
      batches++;
      batch.dispose();
    }
    const wallMs = performance.now() - start;
    const busyMs = performance.eventLoopUtilization(eluStart).active;
    const perImage = wallMs / images;
    const busyPerImage = busyMs / images;
    const lines = [
      `loader (KITTI BTS recipe: KB crop, ±1° rotation, ${height}×${width} random crop, flip, colour jitter; batch ${args.batch}, prefetch ${args.prefetch}, ${args.epochs} epochs × ${args.images} images, ${engine.engine}):`,
      `  ${fmt(1000 / perImage)} images/s = ${fmt(perImage * args.batch)} ms per batch of ${args.batch} (first batch after ${fmt(firstBatchMs, 0)} ms); main thread busy ${fmt(busyPerImage * args.batch)} ms per batch (${fmt((100 * busyMs) / wallMs, 0)} % of wall time)`,
    ];
    const step = readTrainStep();
    if (typeof step === 'string') {
      lines.push(`train step: ${step}`);
    } else {
      const stepPerImage = step.ms / step.batch;
      const scale = (height * width) / (step.height * step.width);
      lines.push(
        `train step (perf.json 'reference', ${step.engine}, ${step.batch}×${step.height}×${step.width}): ${fmt(step.ms, 0)} ms per batch of ${step.batch} = ${fmt(stepPerImage, 0)} ms per image`,
        `loader headroom per image: ${fmt(stepPerImage / perImage)}× by wall time, ${fmt(stepPerImage / busyPerImage)}× by main-thread time` +
          ` (conservative: a train step at ${height}×${width} has ${fmt(scale)}× the pixels of the reference case)`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (args.keep) process.stderr.write(`bench:data: kept ${root}\n`);
    else await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
