import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TorchTiming {
  params: number;
  forwardMs: number | null;
  trainStepMs: number | null;
  torch: string;
  threads: number;
  /** Peak resident set of the PyTorch process. */
  peakRssMiB: number;
}

const script = fileURLToPath(new URL('./torch_bench.py', import.meta.url));

/** Debian's python3 (`command -p`), which is where python3-torch installs. */
function debianPython(): string {
  return execFileSync('sh', ['-c', 'command -p -v python3'], { encoding: 'utf8' }).trim();
}

function hasTorch(python: string): boolean {
  return spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

/** Installs Debian's python3-torch when missing (the harness may run on a fresh machine). */
export function ensureTorch(log: (line: string) => void): string {
  const python = debianPython();
  if (hasTorch(python)) return python;
  if (process.getuid?.() !== 0) {
    throw new Error('bench:perf needs PyTorch for the comparison: run `apt-get install python3-torch` (Debian) first');
  }
  log('bench:perf: installing Debian python3-torch for the PyTorch side …');
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy'], { stdio: 'inherit' });
  if (!hasTorch(python)) throw new Error(`python3-torch installed but ${python} cannot import torch`);
  return python;
}

export interface TorchRequest {
  torchCase: string;
  /** NHWC, as in cases.ts. */
  inputShape: readonly number[];
  targetShape: readonly number[];
  modes: Array<'forward' | 'train'>;
}

/** How many runs are timed (their median is reported) after how many untimed warm-ups. */
export interface Timing { repeats: number; warmups: number }

const nchw = ([n, h, w, c]: readonly number[]) => [n, c, h, w].join(',');

export function timeTorch(python: string, request: TorchRequest, timing: Timing, threads = 2): TorchTiming {
  const out = execFileSync(python, [
    script, '--case', request.torchCase, '--repeats', String(timing.repeats), '--warmups', String(timing.warmups), '--threads', String(threads),
    '--input', nchw(request.inputShape), '--target', nchw(request.targetShape), '--modes', request.modes.join(','),
  ], { encoding: 'utf8', cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return JSON.parse(out.trim().split('\n').pop()!) as TorchTiming;
}
