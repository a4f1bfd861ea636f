import { generateSynthDataset } from '@depthkit/core';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The issue-18 fault suite, through the real CLI in a subprocess: a run killed (kill -9, SIGINT,
// two SIGINTs) and resumed ends with the weights of an uninterrupted run; every refusal is asserted.
const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(packageDir, 'scripts', 'cli.ts');
const nodeArgs = ['--import', 'tsx', '--conditions=@depthkit/source'];
const steps = 24;

interface Run {
  pid: number;
  /** Resolves with the first match of `pattern` in stderr; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function start(args: string[]): Run {
  const child = spawn(process.execPath, [...nodeArgs, cli, ...args], { cwd: packageDir, env: { ...process.env, FORCE_COLOR: '0' } });
  let stdout = '';
  let stderr = '';
  const watchers: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => { stdout += d; });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    for (const w of [...watchers]) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of [...watchers]) w();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let closed = false;
  void exited.then(() => { closed = true; });
  return {
    pid: child.pid!,
    kill: (signal) => child.kill(signal),
    exited,
    waitFor: (pattern) => new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(stderr);
        if (m) {
          watchers.splice(watchers.indexOf(check), 1);
          resolve(m);
        } else if (closed || child.exitCode != null || child.signalCode != null) {
          watchers.splice(watchers.indexOf(check), 1);
          reject(new Error(`the run ended before ${pattern} appeared:\n${stdout}\n${stderr}`));
        }
      };
      watchers.push(check);
      check();
    }),
  };
}

async function run(args: string[]) {
  return start(args).exited;
}

/** All float32 weights of a saved model, after checking both manifests agree. */
async function weightsOf(modelDir: string): Promise<{ manifest: string; values: Float32Array }> {
  const model = JSON.parse(await readFile(path.join(modelDir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[]; weights: { dtype: string }[] }[] };
  const groups = model.weightsManifest;
  expect(groups.flatMap((g) => g.weights.map((w) => w.dtype)).every((d) => d === 'float32')).toBe(true);
  const bytes = Buffer.concat(await Promise.all(groups.flatMap((g) => g.paths).map((p) => readFile(path.join(modelDir, p)))));
  return { manifest: JSON.stringify(groups.map((g) => g.weights)), values: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4) };
}

async function maxAbsDifference(a: string, b: string): Promise<number> {
  const [x, y] = await Promise.all([weightsOf(a), weightsOf(b)]);
  expect(y.manifest).toBe(x.manifest);
  expect(y.values.length).toBe(x.values.length);
  let max = 0;
  for (let i = 0; i < x.values.length; i++) max = Math.max(max, Math.abs(x.values[i] - y.values[i]));
  return max;
}

/** The step a run is killed at: random (printed, for a rerun), after the checkpoint at step 4. */
function randomStep(): number {
  return 5 + Math.floor(Math.random() * 14);
}

describe('hma-depth train: interrupted runs resume to the uninterrupted weights (subprocess, tiny preset)', () => {
  let root: string;
  let data: string;
  let straight: string;
  const trainArgs = (out: string, extra: string[] = []) => [
    'train', '--preset', 'tiny', '--data', data, '--out', out, '--steps', String(steps), '--batch', '2', '--crop', '32x64',
    '--engine', 'wasm', '--checkpoint-every-steps', '4', ...extra,
  ];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'dk-resume-'));
    data = path.join(root, 'data');
    // 8 frames, batch 2: 24 steps cross 5 epoch boundaries, each reshuffled.
    await generateSynthDataset({ layout: 'kitti', out: data, count: 8, seed: 1, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: data, count: 2, seed: 2, split: 'test', size: [320, 128] });
    straight = path.join(root, 'straight');
    const done = await run(trainArgs(straight));
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`trained ${steps} steps; model in ${path.join(straight, 'model')}`);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('kill -9 at a random step, then --resume: the final weights equal the uninterrupted run\'s to 1e-5', async () => {
    const out = path.join(root, 'killed');
    const k = randomStep();
    const victim = start(trainArgs(out));
    await victim.waitFor(new RegExp(`step ${k}/${steps} `));
    victim.kill('SIGKILL');
    const killed = await victim.exited;
    expect(killed.signal).toBe('SIGKILL');
    const resumed = await run(trainArgs(out, ['--resume']));
    expect(resumed.code, resumed.stderr).toBe(0);
    const from = Number(/resuming from checkpoints\/last \(step (\d+)\/24\)/.exec(resumed.stderr)?.[1]);
    expect(from).toBeGreaterThanOrEqual(4);
    expect(from % 4).toBe(0);
    expect(resumed.stdout).toContain(`trained ${steps} steps (resumed at step ${from})`);
    const diff = await maxAbsDifference(path.join(straight, 'model'), path.join(out, 'model'));
    console.log(`kill -9 at step ${k} (seen on stderr), resumed from the checkpoint at step ${from}: max |Δw| over all weights vs uninterrupted = ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('SIGINT writes a checkpoint, says how to resume and exits 130; with last damaged, the printed command falls back to previous and still matches', async () => {
    const out = path.join(root, 'sigint');
    const k = randomStep();
    const victim = start(trainArgs(out));
    await victim.waitFor(new RegExp(`step ${k}/${steps} `));
    victim.kill('SIGINT');
    const stopped = await victim.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    const at = /interrupted by SIGINT at step (\d+)\/24: checkpoint in (.+)\n/.exec(stopped.stderr);
    expect(at, stopped.stderr).not.toBeNull();
    const step = Number(at![1]);
    expect(step).toBeGreaterThanOrEqual(k);
    expect(at![2]).toBe(path.join(out, 'checkpoints', 'last'));
    const state = JSON.parse(await readFile(path.join(out, 'checkpoints', 'last', 'state.json'), 'utf8'));
    expect(state.train.step).toBe(step);
    const command = /resume with: (.+)\n/.exec(stopped.stderr)![1];
    expect(command).toBe(['node', ...nodeArgs, cli, ...trainArgs(out), '--resume'].join(' '));
    const logBefore = await readFile(path.join(out, 'train-log.jsonl'), 'utf8');

    // Damage last after the fact (a disk error): its weights no longer hash to what state.json says.
    const weights = path.join(out, 'checkpoints', 'last', 'weights.bin');
    const bytes = await readFile(weights);
    bytes[100] ^= 0xff;
    await writeFile(weights, bytes);
    const previousStep = JSON.parse(await readFile(path.join(out, 'checkpoints', 'previous', 'state.json'), 'utf8')).train.step as number;

    const [program, ...args] = command.split(' ');
    expect(program).toBe('node');
    const resumed = await start(args.slice(nodeArgs.length + 1)).exited;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resume: checkpoints/last weights.bin is damaged (its SHA-256 differs from the one written); resuming from checkpoints/previous (step ${previousStep}) instead`);
    const diff = await maxAbsDifference(path.join(straight, 'model'), path.join(out, 'model'));
    console.log(`SIGINT at step ${step}; last damaged, resumed from previous (step ${previousStep}): max |Δw| = ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-5);

    // The log was appended to, never rewritten: the old lines, then a resume marker.
    const logAfter = await readFile(path.join(out, 'train-log.jsonl'), 'utf8');
    expect(logAfter.startsWith(logBefore)).toBe(true);
    const marker = JSON.parse(logAfter.slice(logBefore.length).split('\n')[0]);
    expect(marker).toMatchObject({ kind: 'resume', step: previousStep, checkpoint: path.join('checkpoints', 'previous'), fellBack: expect.stringContaining('weights.bin is damaged') });
  });

  it('a second SIGINT exits at once with 130, and the last good checkpoint still resumes to the same weights', async () => {
    const out = path.join(root, 'twice');
    const k = randomStep();
    // A checkpoint every step, so the second signal very likely lands in the middle of a write.
    const victim = start(trainArgs(out, ['--checkpoint-every-steps', '1']));
    await victim.waitFor(new RegExp(`step ${k}/${steps} `));
    victim.kill('SIGINT');
    // Two signals sent at once may merge into one pending signal: the second follows the first's notice.
    await victim.waitFor(/SIGINT: finishing the current step/);
    victim.kill('SIGINT');
    const stopped = await victim.exited;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('SIGINT again: quitting now without a new checkpoint; the last complete one stays');
    expect(stopped.stderr).not.toContain('interrupted by SIGINT at step');
    const resumed = await run(trainArgs(out, ['--checkpoint-every-steps', '1', '--resume']));
    expect(resumed.code, resumed.stderr).toBe(0);
    const diff = await maxAbsDifference(path.join(straight, 'model'), path.join(out, 'model'));
    console.log(`two SIGINTs at step ${k}: ${/resuming from (.+)\n/.exec(resumed.stderr)?.[1]}; max |Δw| = ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('refuses: --resume without a checkpoint, a fresh run over a run, a resume with other settings; --force proceeds loudly', async () => {
    const empty = path.join(root, 'empty');
    const none = await run(trainArgs(empty, ['--resume']));
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(`hma-depth: resume: no checkpoint to resume from in ${path.join(empty, 'checkpoints')} (neither last nor previous exists); run without --resume to start afresh`);

    const fresh = await run(trainArgs(straight));
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toContain(`hma-depth: ${straight} already holds a training run (train-log.jsonl, checkpoints/{last,previous}); add --resume to continue it, or --overwrite to delete it and start afresh`);

    // A copy of the finished run: a resume there has nothing left to train, so it is cheap.
    const copy = path.join(root, 'copy');
    await cp(straight, copy, { recursive: true });
    const other = ['train', '--preset', 'kitti', '--data', data, '--out', copy, '--steps', String(steps), '--batch', '3', '--crop', '64x96', '--seed', '7', '--engine', 'wasm', '--resume'];
    const refused = await run(other);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`resume: the checkpoint in ${path.join(copy, 'checkpoints')} was made with other settings (saved → now):\n`);
    for (const line of ['  preset: "tiny" → "kitti"', '  batch: 2 → 3', '  crop: "32x64" → "64x96"', '  seed: 0 → 7']) expect(refused.stderr).toContain(`${line}\n`);
    expect(refused.stderr).toContain('add --force to continue anyway');

    const logBefore = await readFile(path.join(copy, 'train-log.jsonl'), 'utf8');
    const forced = await run(trainArgs(copy, ['--seed', '7', '--resume', '--force']));
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/WARNING: --force: resuming .* despite 1 setting\(s\) that differ from its checkpoint \(saved → now\):\n {2}seed: 0 → 7\nWARNING: the result will not match an uninterrupted run/);
    const logAfter = await readFile(path.join(copy, 'train-log.jsonl'), 'utf8');
    expect(logAfter.startsWith(logBefore)).toBe(true);
    expect(JSON.parse(logAfter.slice(logBefore.length).trim())).toMatchObject({ kind: 'resume', step: steps, forced: ['seed: 0 → 7'] });
  });

  it('a hand-edited step is refused and the previous checkpoint used; with none sound, --resume refuses', async () => {
    const edited = path.join(root, 'edited');
    await cp(straight, edited, { recursive: true });
    const stateFile = path.join(edited, 'checkpoints', 'last', 'state.json');
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    state.train.step = 9999;
    // Without its digest too, so the step is caught by the optimizer's own count.
    delete state.digest;
    await writeFile(stateFile, JSON.stringify(state));
    const resumed = await run(trainArgs(edited, ['--resume']));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resume: checkpoints/last state.json says step 9999 but the optimizer state holds ${steps} updates; resuming from checkpoints/previous (step 20) instead`);
    expect(resumed.stdout).toContain(`trained ${steps} steps (resumed at step 20)`);
    expect(resumed.stdout).not.toContain('9999');
    expect(await maxAbsDifference(path.join(straight, 'model'), path.join(edited, 'model'))).toBeLessThanOrEqual(1e-5);

    const broken = path.join(root, 'broken');
    await cp(straight, broken, { recursive: true });
    await writeFile(path.join(broken, 'checkpoints', 'last', 'state.json'), '{"format": "depthkit-checkpoint", ');
    await rm(path.join(broken, 'checkpoints', 'previous', 'optimizer.bin'));
    const refused = await run(trainArgs(broken, ['--resume']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`hma-depth: resume: no sound checkpoint in ${path.join(broken, 'checkpoints')}:\n  checkpoints/last: state.json is not valid JSON`);
    expect(refused.stderr).toContain('\n  checkpoints/previous: optimizer.bin is missing\nnothing can be resumed; run without --resume (and with --overwrite) to start afresh');
  });
});
