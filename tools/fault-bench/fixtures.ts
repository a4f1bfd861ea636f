import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBackbone, encodeNpyDepth, encodeSafetensors, exportTorchvisionWeights, initEngine, saveBackbone, writeDepthPng, writeRgbImage } from '@depthkit/core';
import { cliNodeArgs, runCliProcess, saveAndReload, workspaceRoot, type CliRun } from '@depthkit/core/testing';
import { hmaDepth } from '@depthkit/hma-depth';

export const coreCli = 'packages/core/src/cli.ts';
export const methodCli = 'packages/hma-depth/scripts/cli.ts';
export const benchCli = 'packages/bench/scripts/cli.ts';

/** Everything the cases share, made once: a data folder, a saved model, images, a backbone, a reference training run. */
export interface Fixtures {
  root: string;
  data: string;
  modelDir: string;
  images: { a: string; aJpg: string; notes: string; huge: string };
  backboneDir: string;
  /** The train arguments every training case uses (small crop and batch: seconds per run). */
  trainArgs: (out: string, steps: number) => string[];
  /** A finished run of `steps` steps, untouched, to copy and damage. */
  reference: { out: string; steps: number };
}

export async function makeFixtures(log: (line: string) => void): Promise<Fixtures> {
  await initEngine({ engine: 'cpu', log: false });
  const root = await mkdtemp(path.join(tmpdir(), 'dk-fault-bench-'));
  const data = path.join(root, 'data');
  log('fixtures: synthetic KITTI data (4 train / 2 test frames, 64×192)');
  for (const [split, count, seed] of [['train', '4', '1'], ['test', '2', '2']]) {
    await mustSucceed(runCliProcess(coreCli, ['synth', '--layout', 'kitti', '--out', data, '--count', count, '--seed', seed, '--split', split, '--size', '64x192']));
  }
  log('fixtures: a saved hma-depth tiny model, images, a backbone folder');
  const saved = await saveAndReload(hmaDepth, 'tiny');
  saved.built.model.dispose();
  saved.loaded.built.model.dispose();
  const pixels = (w: number, h: number, seed: number) => ({ width: w, height: h, data: new Uint8Array(w * h * 3).map((_, i) => (i * 7 + seed) % 251) });
  const images = {
    a: path.join(root, 'images', 'a.png'), aJpg: path.join(root, 'images', 'a.jpg'), notes: path.join(root, 'notes.txt'), huge: path.join(root, 'huge', 'photo.jpg'),
  };
  await writeRgbImage(images.a, pixels(60, 40, 1));
  await writeRgbImage(images.aJpg, pixels(60, 40, 2));
  await writeFile(images.notes, 'meeting notes, not an image\n');
  await writeRgbImage(images.huge, { width: 6000, height: 4000, data: new Uint8Array(6000 * 4000 * 3).fill(128) }, { quality: 50 });
  const backbone = createBackbone({ arch: 'resnet-tiny', inputShape: [null, null, 3] });
  const backboneDir = path.join(root, 'backbone');
  await saveBackbone(backbone, backboneDir);
  backbone.model.dispose();
  const trainArgs = (out: string, steps: number) => ['train', '--preset', 'tiny', '--data', data, '--crop', '64x128', '--batch', '2', '--steps', String(steps), '--out', out];
  const reference = { out: path.join(root, 'reference'), steps: 24 };
  log(`fixtures: an uninterrupted reference run (${reference.steps} steps)`);
  await mustSucceed(runCliProcess(methodCli, trainArgs(reference.out, reference.steps), { env: { DEPTHKIT_ENGINE: 'wasm' } }));
  return { root, data, modelDir: saved.dir, images, backboneDir, trainArgs, reference };
}

async function mustSucceed(run: Promise<CliRun>): Promise<CliRun> {
  const r = await run;
  if (r.code !== 0) throw new Error(`fault-bench fixture failed (exit ${r.code}):\n${r.stderr}`);
  return r;
}

/** A fresh folder under the bench's root. */
export async function scratch(f: Fixtures, name: string): Promise<string> {
  const dir = path.join(f.root, 'cases', name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** A copy of the reference run's output folder, to damage. */
export async function copyOfReference(f: Fixtures, name: string): Promise<string> {
  const out = path.join(await scratch(f, name), 'run');
  await cp(f.reference.out, out, { recursive: true });
  return out;
}

/** Runs a CLI and interrupts it with `signal` once it prints step `atStep`; the run's exit as CliRun. */
export function runAndInterrupt(script: string, args: string[], atStep: number, signal: NodeJS.Signals): Promise<CliRun & { interruptedAt: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliNodeArgs(script, args), { cwd: workspaceRoot, env: { ...process.env, DEPTHKIT_ENGINE: 'wasm' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interruptedAt: number | null = null;
    const watch = (text: string) => {
      for (const m of text.matchAll(/step (\d+)\//g)) {
        if (interruptedAt == null && Number(m[1]) >= atStep) {
          interruptedAt = Number(m[1]);
          child.kill(signal);
        }
      }
    };
    child.stdout.on('data', (c: Buffer) => { stdout += c; watch(String(c)); });
    child.stderr.on('data', (c: Buffer) => { stderr += c; watch(String(c)); });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, stdout, stderr, interruptedAt }));
  });
}

/** The float32 weights of a saved model folder. */
export async function modelWeights(dir: string): Promise<Float32Array | null> {
  const file = path.join(dir, 'weights.bin');
  if (!existsSync(file)) return null;
  const bytes = await readFile(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

export async function lineCount(file: string): Promise<number> {
  return existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '').length : 0;
}

/** Temp files an atomic write might leave (`.<name>.<hex>.tmp`, `<dir>.tmp-<hex>`) anywhere under `dir`. */
export async function tempLeftovers(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((e) => /\.tmp$|\.tmp-[0-9a-f]+/.test(e)).map((e) => path.join(dir, e));
}

/** A GT folder of one KITTI-like depth PNG, and a prediction folder for it written by `pred`. */
export async function evalPair(f: Fixtures, name: string, gtValues: (i: number) => number, pred: (dir: string, gt: Float32Array) => Promise<void>): Promise<{ gt: string; pred: string; json: string }> {
  const dir = await scratch(f, name);
  const [W, H] = [60, 40];
  const gt = new Float32Array(W * H).map((_, i) => gtValues(i));
  await writeDepthPng(path.join(dir, 'gt', '0001.png'), { width: W, height: H, data: gt }, 256);
  await mkdir(path.join(dir, 'pred'), { recursive: true });
  await pred(path.join(dir, 'pred'), gt);
  return { gt: path.join(dir, 'gt'), pred: path.join(dir, 'pred'), json: path.join(dir, 'out', 'report.json') };
}

export { encodeNpyDepth, encodeSafetensors, exportTorchvisionWeights, createBackbone };
