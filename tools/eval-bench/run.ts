import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getProtocol, metricNames, runEvaluation, writeDepthPng } from '@depthkit/core';

/**
 * `pnpm bench:eval`: times depthkit's evaluation of KITTI-size PNG pairs against a numpy + PIL
 * implementation of the same protocol on the same files. Goal: ratio (depthkit time / numpy
 * time) ≤ 1, on wall-clock time. Each side is timed from listing the files to the mean,
 * `--repeats` times, alternating; the median is reported. CPU time is printed too: depthkit
 * decodes PNGs on libuv's thread pool while scoring on the main thread, numpy uses one core.
 */

const here = path.dirname(fileURLToPath(import.meta.url));

interface Args {
  images: number;
  repeats: number;
  protocol: 'kitti-garg';
}

function parseArgs(argv: string[]): Args {
  const args: Args = { images: 200, repeats: 3, protocol: 'kitti-garg' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--images') { args.images = Math.max(200, Number(value)); i++; }
    else if (flag === '--repeats') { args.repeats = Math.max(1, Number(value)); i++; }
    else if (flag === '--help') {
      process.stdout.write('pnpm bench:eval [--images N>=200] [--repeats R]\n');
      process.exit(0);
    } else throw new Error(`bench:eval: unknown argument '${flag}'`);
  }
  return args;
}

/** Deterministic KITTI-like pair: sparse GT on the lower rows (~20 %), dense smooth prediction. */
function syntheticPair(seed: number, height: number, width: number) {
  let state = seed * 2654435761 >>> 0;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
  const gt = new Float32Array(height * width);
  const pred = new Float32Array(height * width);
  const phase = rand() * Math.PI;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Depth grows towards the horizon (row 120) and varies across the image.
      const depth = Math.min(90, 4 + 2000 / Math.max(1, y - 110) + 5 * Math.sin(x / 90 + phase));
      const i = y * width + x;
      pred[i] = Math.round(depth * (1 + 0.12 * Math.sin(x / 37 + y / 23 + phase)) * 256) / 256;
      if (y >= 119 && rand() < 0.28) gt[i] = Math.round(depth * (1 + 0.02 * (rand() - 0.5)) * 256) / 256;
    }
  }
  return { gt: { width, height, data: gt }, pred: { width, height, data: pred } };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const protocol = getProtocol(args.protocol);
  const [height, width] = protocol.dataset.resolution.native;
  const dir = mkdtempSync(path.join(tmpdir(), 'dk-eval-bench-'));
  try {
    const gtDir = path.join(dir, 'gt');
    const predDir = path.join(dir, 'pred');
    process.stdout.write(`writing ${args.images} ${height}×${width} GT/prediction PNG pairs to ${dir} …\n`);
    for (let k = 0; k < args.images; k++) {
      const { gt, pred } = syntheticPair(k + 1, height, width);
      const name = `${String(k).padStart(10, '0')}.png`;
      await writeDepthPng(path.join(gtDir, name), gt, protocol.depthScale);
      await writeDepthPng(path.join(predDir, name), pred, protocol.depthScale);
    }

    const crop = protocol.crop;
    if (crop === null || crop.kind !== 'fraction') throw new Error(`bench:eval expects a fraction crop, '${protocol.name}' has ${crop?.kind ?? 'none'}`);
    const pyArgs = [
      path.join(here, 'reference_eval.py'), gtDir, predDir,
      '--min', String(protocol.minDepth), '--max', String(protocol.maxDepth), '--depth-scale', String(protocol.depthScale),
      '--crop-fraction', ...[...crop.rows, ...crop.cols].map(String),
    ];
    const runNumpy = () => JSON.parse(execFileSync('sh', ['-c', 'command -p python3 "$@"', 'python3', ...pyArgs], { encoding: 'utf8' })) as {
      images: number; skipped: number; seconds: number; cpuSeconds: number; metrics: Record<string, number>;
    };
    const runDepthkit = async () => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const report = await runEvaluation({ protocol, gtDir, predDir });
      const used = process.cpuUsage(cpu);
      return { report, seconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
    };

    const numpyTimes: number[] = [];
    const depthkitTimes: number[] = [];
    const numpyCpu: number[] = [];
    const depthkitCpu: number[] = [];
    let numpy = runNumpy();
    let ours = await runDepthkit();
    for (let r = 0; r < args.repeats; r++) {
      numpy = runNumpy();
      numpyTimes.push(numpy.seconds);
      numpyCpu.push(numpy.cpuSeconds);
      ours = await runDepthkit();
      depthkitTimes.push(ours.seconds);
      depthkitCpu.push(ours.cpuSeconds);
    }

    let maxRel = 0;
    for (const name of metricNames) {
      const a = ours.report.metrics![name];
      const b = numpy.metrics[name];
      maxRel = Math.max(maxRel, Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));
    }
    if (ours.report.images !== numpy.images) throw new Error(`bench:eval: depthkit scored ${ours.report.images} images, numpy ${numpy.images}`);

    const tNumpy = median(numpyTimes);
    const tOurs = median(depthkitTimes);
    const line = (label: string, t: number, cpu: number) =>
      `${label.padEnd(22)} ${(args.images / t).toFixed(1).padStart(8)} images/s  (${t.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU; median of ${args.repeats})\n`;
    process.stdout.write(`protocol ${protocol.name}, ${args.images} pairs of ${height}×${width} 16-bit PNGs\n`);
    process.stdout.write(line('depthkit', tOurs, median(depthkitCpu)));
    process.stdout.write(line('numpy + PIL (BTS)', tNumpy, median(numpyCpu)));
    process.stdout.write(`ratio depthkit/numpy time: ${(tOurs / tNumpy).toFixed(3)} (goal ≤ 1)\n`);
    process.stdout.write(`max relative difference of the mean metrics (float64 vs BTS's float32 numpy): ${maxRel.toExponential(2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:eval: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
