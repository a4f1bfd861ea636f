import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCliProcess, weightFaults, weightFaultSentinel, writeFaultyModelFolder, type CliRun } from '@depthkit/core/testing';
import type { Expectation, Observation } from './classify.js';
import {
  benchCli, copyOfReference, coreCli, createBackbone, encodeNpyDepth, encodeSafetensors, evalPair, exportTorchvisionWeights, lineCount,
  maxAbsDifference, methodCli, modelWeights, runAndInterrupt, scratch, tempLeftovers, type Fixtures,
} from './fixtures.js';

/** One bad input or fault: what depthkit must do, the names its message must carry, and how to provoke it. */
export interface FaultCase {
  id: string;
  area: string;
  expect: Expectation;
  run(f: Fixtures): Promise<{ observed: Observation; subjects: string[] } | { skipped: string }>;
}

const observe = (r: CliRun, extra: Partial<Observation> = {}): Observation => ({
  code: r.code, signal: r.signal, stdout: r.stdout, stderr: r.stderr, lost: [], leftovers: [], leaked: false, ...extra,
});
const method = (...args: string[]) => runCliProcess(methodCli, args);
const core = (...args: string[]) => runCliProcess(coreCli, args);

/** A model folder damaged as `fault`, given to `predict`: refused, nothing read from outside, nothing written. */
function weightCase(fault: (typeof weightFaults)[number]): FaultCase {
  return {
    id: `model folder: ${fault}`, area: 'weights', expect: 'refuse',
    async run(f) {
      const dest = await scratch(f, `weights-${fault}`);
      const { dir } = await writeFaultyModelFolder(f.modelDir, dest, fault);
      const out = path.join(dest, 'out');
      const r = await method('predict', '--checkpoint', dir, '--input', f.images.a, '--out', out);
      // Success from a folder whose manifest escapes it means bytes from outside were used as weights.
      const leaked = `${r.stdout}${r.stderr}`.includes(weightFaultSentinel.slice(0, 12)) || (r.code === 0 && fault !== 'nan-weights');
      return { observed: observe(r, { leaked }), subjects: [dir, '/dev/zero'] };
    },
  };
}

/** Resumes a copy of the reference run after `damage`; data is lost when the train log shrinks. */
function resumeCase(id: string, expect: Expectation, subjects: (out: string) => string[], damage: (out: string) => Promise<void>, extraArgs: string[] = []): FaultCase {
  return {
    id, area: 'resume', expect,
    async run(f) {
      const out = await copyOfReference(f, id.replace(/\W+/g, '-'));
      await damage(out);
      const before = await lineCount(path.join(out, 'train-log.jsonl'));
      const args = [...f.trainArgs(out, f.reference.steps), '--resume', ...extraArgs];
      const r = await runCliProcess(methodCli, args, { env: { DEPTHKIT_ENGINE: 'wasm' } });
      const after = await lineCount(path.join(out, 'train-log.jsonl'));
      const lost = after < before ? [`train-log.jsonl went from ${before} to ${after} lines`] : [];
      return { observed: observe(r, { lost }), subjects: subjects(out) };
    },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const faultCases: FaultCase[] = [
  ...weightFaults.map(weightCase),
  {
    id: 'backbone folder: ../ path', area: 'weights', expect: 'refuse',
    async run(f) {
      const dest = await scratch(f, 'backbone-parent');
      const { dir } = await writeFaultyModelFolder(f.backboneDir, dest, 'parent-path');
      const r = await runCliProcess(methodCli, [...f.trainArgs(path.join(dest, 'out'), 2), '--backbone-weights', dir], { env: { DEPTHKIT_ENGINE: 'wasm' } });
      return { observed: observe(r, { leaked: `${r.stdout}${r.stderr}`.includes(weightFaultSentinel.slice(0, 12)) || r.code === 0 }), subjects: [dir] };
    },
  },
  {
    id: 'checkpoint: manifest ../ path, --resume', area: 'weights', expect: 'refuse',
    async run(f) {
      const out = await copyOfReference(f, 'checkpoint-parent');
      const last = path.join(out, 'checkpoints', 'last');
      await writeFile(path.join(out, 'secret.bin'), weightFaultSentinel.repeat(4096));
      const json = JSON.parse(await readFile(path.join(last, 'model.json'), 'utf8'));
      json.weightsManifest[0].paths = ['../../secret.bin'];
      const text = JSON.stringify(json);
      await writeFile(path.join(last, 'model.json'), text);
      // A forged but self-consistent checkpoint (sizes, hashes and digest all rewritten), and no
      // previous version to fall back to: only confinement can refuse it.
      const state = JSON.parse(await readFile(path.join(last, 'state.json'), 'utf8'));
      state.files['model.json'] = Buffer.byteLength(text);
      if (state.sha256) state.sha256['model.json'] = sha256(text);
      delete state.digest;
      state.digest = sha256(JSON.stringify(state));
      await writeFile(path.join(last, 'state.json'), JSON.stringify(state, null, 2));
      await rm(path.join(out, 'checkpoints', 'previous'), { recursive: true, force: true });
      const r = await runCliProcess(methodCli, [...f.trainArgs(out, f.reference.steps), '--resume'], { env: { DEPTHKIT_ENGINE: 'wasm' } });
      return { observed: observe(r, { leaked: `${r.stdout}${r.stderr}`.includes(weightFaultSentinel.slice(0, 12)) }), subjects: ['secret.bin', last] };
    },
  },
  {
    id: 'import-weights: NaN/Inf tensor', area: 'weights', expect: 'refuse',
    async run(f) {
      const dir = await scratch(f, 'import-nan');
      const backbone = createBackbone({ arch: 'resnet18', inputShape: [32, 32, 3] });
      const state = exportTorchvisionWeights(backbone.model);
      backbone.model.dispose();
      state['layer2.0.bn1.weight'].data[3] = Number.NaN;
      const file = path.join(dir, 'nan.safetensors');
      await writeFile(file, encodeSafetensors(state));
      const r = await core('import-weights', '--arch', 'resnet18', '--from', file, '--out', path.join(dir, 'out'), '--engine', 'cpu');
      return { observed: observe(r, { leftovers: existsSync(path.join(dir, 'out', 'weights.bin')) ? ['weights.bin written'] : [] }), subjects: ['layer2.0.bn1.weight'] };
    },
  },
  {
    id: 'predict a.png a.jpg (one output name)', area: 'outputs', expect: 'refuse',
    async run(f) {
      const out = path.join(await scratch(f, 'clash'), 'out');
      const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.a, f.images.aJpg, '--out', out);
      const lost = r.code === 0 ? ['one prediction overwrote the other'] : [];
      return { observed: observe(r, { lost }), subjects: ['--input', 'a.png'] };
    },
  },
  {
    id: 'predict the same image twice', area: 'outputs', expect: 'refuse',
    async run(f) {
      const out = path.join(await scratch(f, 'twice'), 'out');
      const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.a, f.images.a, '--out', out);
      return { observed: observe(r), subjects: ['--input'] };
    },
  },
  {
    id: 'predict one image: summary counts files written', area: 'outputs', expect: 'succeed',
    async run(f) {
      const out = path.join(await scratch(f, 'one'), 'out');
      const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.a, '--out', out);
      const files = ['depth/a.png', 'npy/a.npy', 'colour/a.png'].filter((p) => existsSync(path.join(out, p))).length;
      const banner = /running TensorFlow\.js in Node/i.test(r.stderr);
      return { observed: observe(r, { checked: files === 3 && r.stdout.includes('3 files') && !banner }), subjects: [] };
    },
  },
  {
    id: 'train --data missing folder', area: 'messages', expect: 'refuse',
    async run(f) {
      const missing = path.join(f.root, 'no-such-data');
      const r = await method('train', '--preset', 'tiny', '--data', missing, '--out', path.join(await scratch(f, 'nodata'), 'out'));
      return { observed: observe(r), subjects: [missing] };
    },
  },
  {
    id: 'train --split-file empty list', area: 'messages', expect: 'refuse',
    async run(f) {
      const dir = await scratch(f, 'empty-split');
      const list = path.join(dir, 'empty.txt');
      await writeFile(list, '');
      const r = await runCliProcess(methodCli, [...f.trainArgs(path.join(dir, 'out'), 2), '--split-file', list], { env: { DEPTHKIT_ENGINE: 'wasm' } });
      return { observed: observe(r), subjects: [list] };
    },
  },
  {
    id: 'train --crop 65x161', area: 'messages', expect: 'refuse',
    async run(f) {
      const r = await method('train', '--preset', 'tiny', '--data', f.data, '--crop', '65x161', '--out', path.join(await scratch(f, 'crop'), 'out'));
      return { observed: observe(r), subjects: ['--crop'] };
    },
  },
  {
    id: 'train --seed abc', area: 'messages', expect: 'refuse',
    async run(f) {
      const r = await method('train', '--preset', 'tiny', '--data', f.data, '--seed', 'abc', '--out', path.join(await scratch(f, 'seed'), 'out'));
      return { observed: observe(r), subjects: ['--seed'] };
    },
  },
  {
    id: 'eval on a folder lacking the test frames', area: 'messages', expect: 'refuse',
    async run(f) {
      const dir = await scratch(f, 'no-test-frames');
      const r = await method('eval', '--checkpoint', f.modelDir, '--data', dir, '--json', path.join(dir, 'r.json'));
      return { observed: observe(r, { checked: /depthkit synth .*--split test/.test(r.stderr) }), subjects: [dir] };
    },
  },
  {
    id: 'predict --input notes.txt', area: 'messages', expect: 'refuse',
    async run(f) {
      const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.notes, '--out', path.join(await scratch(f, 'notes'), 'out'));
      return { observed: observe(r, { checked: /not an image/.test(r.stderr) }), subjects: [f.images.notes] };
    },
  },
  {
    id: 'predict a 6000×4000 image (default --max-pixels)', area: 'messages', expect: 'refuse',
    async run(f) {
      const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.huge, '--out', path.join(await scratch(f, 'huge'), 'out'));
      return { observed: observe(r), subjects: [f.images.huge] };
    },
  },
  {
    id: "model config backbone: '__proto__'", area: 'messages', expect: 'refuse',
    async run(f) {
      const dir = await configCase(f, 'proto', (config) => { config.backbone = '__proto__'; });
      const r = await method('predict', '--checkpoint', dir, '--input', f.images.a, '--out', path.join(dir, '..', 'out'));
      return { observed: observe(r), subjects: ["'backbone'"] };
    },
  },
  {
    id: 'model config decoderWidth: 1e9', area: 'messages', expect: 'refuse',
    async run(f) {
      const dir = await configCase(f, 'absurd', (config) => { config.decoderWidth = 1e9; });
      const r = await method('predict', '--checkpoint', dir, '--input', f.images.a, '--out', path.join(dir, '..', 'out'));
      return { observed: observe(r), subjects: ["'decoderWidth'"] };
    },
  },
  {
    id: 'eval: .NPY (upper case) prediction', area: 'eval', expect: 'succeed',
    async run(f) {
      const p = await evalPair(f, 'npy-upper', (i) => (i >= 1200 ? 10 + (i % 50) / 10 : 0), async (dir, gt) => {
        await writeFile(path.join(dir, '0001.NPY'), encodeNpyDepth({ width: 60, height: 40, data: gt.map((v) => v || 5) }));
      });
      const r = await core('eval', '--protocol', 'kitti-garg', '--gt', p.gt, '--pred', p.pred, '--json', p.json);
      return { observed: observe(r, { checked: existsSync(p.json) && /"images": 1/.test(await readFile(p.json, 'utf8').catch(() => '')) }), subjects: [] };
    },
  },
  {
    id: 'eval: all-zero ground truth', area: 'eval', expect: 'refuse',
    async run(f) {
      const p = await evalPair(f, 'zero-gt', () => 0, async (dir) => {
        await writeFile(path.join(dir, '0001.npy'), encodeNpyDepth({ width: 60, height: 40, data: new Float32Array(2400).fill(5) }));
      });
      const r = await core('eval', '--protocol', 'kitti-garg', '--gt', p.gt, '--pred', p.pred, '--json', p.json);
      return { observed: observe(r), subjects: [p.gt] };
    },
  },
  {
    id: 'eval: negative predictions', area: 'eval', expect: 'warn',
    async run(f) {
      const p = await evalPair(f, 'negative', (i) => (i >= 1200 ? 10 : 0), async (dir) => {
        await writeFile(path.join(dir, '0001.npy'), encodeNpyDepth({ width: 60, height: 40, data: new Float32Array(2400).map((_, i) => (i % 3 === 0 ? -1 : 10)) }));
      });
      const r = await core('eval', '--protocol', 'kitti-garg', '--gt', p.gt, '--pred', p.pred, '--json', p.json);
      return { observed: observe(r), subjects: ['800 negative'] };
    },
  },
  {
    id: 'eval --resize: transposed prediction', area: 'eval', expect: 'refuse',
    async run(f) {
      const p = await evalPair(f, 'transposed', (i) => (i >= 1200 ? 10 : 0), async (dir, gt) => {
        await writeFile(path.join(dir, '0001.npy'), encodeNpyDepth({ width: 40, height: 60, data: gt.map((v) => v || 5) }));
      });
      const r = await core('eval', '--protocol', 'kitti-garg', '--gt', p.gt, '--pred', p.pred, '--json', p.json, '--resize');
      return { observed: observe(r), subjects: ['0001.png'] };
    },
  },
  {
    id: 'disk full (ENOSPC) while predicting', area: 'disk', expect: 'refuse',
    async run(f) {
      const mountPoint = await mkdtemp(path.join(tmpdir(), 'dk-fault-enospc-'));
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', mountPoint], { encoding: 'utf8' });
      if (mounted.status !== 0) return { skipped: `mount not permitted (${(mounted.stderr || mounted.error?.message || '').trim()})` };
      try {
        const r = await method('predict', '--checkpoint', f.modelDir, '--input', f.images.a, '--out', mountPoint);
        return { observed: observe(r, { leftovers: await tempLeftovers(mountPoint) }), subjects: [mountPoint] };
      } finally {
        spawnSync('umount', [mountPoint]);
        await rm(mountPoint, { recursive: true, force: true });
      }
    },
  },
  {
    id: 'synth --size 621x188 (transposed for KITTI)', area: 'consistency', expect: 'warn',
    async run(f) {
      const r = await core('synth', '--layout', 'kitti', '--out', path.join(await scratch(f, 'synth-size'), 'd'), '--count', '1', '--size', '621x188');
      return { observed: observe(r), subjects: ['--size'] };
    },
  },
  {
    id: 'bench --data-root (old name)', area: 'consistency', expect: 'warn',
    async run(f) {
      const r = await runCliProcess(benchCli, ['kitti', '--data-root', path.join(f.root, 'nowhere'), '--methods', 'no-such-method']);
      // The alias is honoured with a warning before the (intended) --methods refusal.
      return { observed: observe({ ...r, code: /--data-root is deprecated; use --data/.test(r.stderr) ? 0 : r.code }), subjects: ['--data-root'] };
    },
  },
  ...(['depthkit', 'hma-depth', 'depthkit-bench'] as const).map((name): FaultCase => ({
    id: `${name} --version`, area: 'consistency', expect: 'succeed',
    async run() {
      const r = await runCliProcess({ depthkit: coreCli, 'hma-depth': methodCli, 'depthkit-bench': benchCli }[name], ['--version']);
      return { observed: observe(r, { checked: /\d+\.\d+\.\d+/.test(r.stdout) }), subjects: [] };
    },
  })),
  {
    id: 'depthkit-bench --help shows its own options', area: 'consistency', expect: 'succeed',
    async run() {
      const r = await runCliProcess(benchCli, ['kitti', '--help']);
      return { observed: observe(r, { checked: r.stdout.includes('--data DIR') && r.stdout.includes('--checkpoint DIR') }), subjects: [] };
    },
  },
  {
    id: 'kill -9 mid-run, then --resume', area: 'interrupt', expect: 'succeed',
    async run(f) {
      const out = path.join(await scratch(f, 'kill9'), 'run');
      const killed = await runAndInterrupt(methodCli, f.trainArgs(out, f.reference.steps), f.reference.steps / 2, 'SIGKILL');
      const logBefore = await lineCount(path.join(out, 'train-log.jsonl'));
      const r = await runCliProcess(methodCli, [...f.trainArgs(out, f.reference.steps), '--resume'], { env: { DEPTHKIT_ENGINE: 'wasm' } });
      const lost: string[] = [];
      if (!existsSync(path.join(out, 'checkpoints', 'last')) && r.code !== 0) lost.push('no checkpoint to resume from');
      if (/step 1\//.test(r.stdout + r.stderr)) lost.push(`killed at step ${killed.interruptedAt}, the resumed run started again at step 1`);
      const logAfter = await lineCount(path.join(out, 'train-log.jsonl'));
      if (logAfter < logBefore) lost.push(`train-log.jsonl went from ${logBefore} to ${logAfter} lines`);
      const [a, b] = [await modelWeights(path.join(f.reference.out, 'model')), await modelWeights(path.join(out, 'model'))];
      const diff = a && b ? maxAbsDifference(a, b) : Number.POSITIVE_INFINITY;
      if (!(diff <= 1e-5)) lost.push(`final weights differ from the uninterrupted run by ${diff.toExponential(2)}`);
      return { observed: observe(r, { lost, checked: true }), subjects: [] };
    },
  },
  {
    id: 'SIGINT mid-run', area: 'interrupt', expect: 'refuse',
    async run(f) {
      const out = path.join(await scratch(f, 'sigint'), 'run');
      const r = await runAndInterrupt(methodCli, f.trainArgs(out, f.reference.steps), f.reference.steps / 2, 'SIGINT');
      const state = await readFile(path.join(out, 'checkpoints', 'last', 'state.json'), 'utf8').then((t) => JSON.parse(t) as { train: { step: number } }, () => null);
      const lost = state == null || state.train.step < (r.interruptedAt ?? 0)
        ? [`interrupted at step ${r.interruptedAt}; ${state ? `checkpoint at step ${state.train.step}` : 'no checkpoint written'}`] : [];
      return { observed: observe(r, { lost, expectedCodes: [130], checked: /--resume/.test(r.stdout + r.stderr) }), subjects: ['--resume'] };
    },
  },
  resumeCase('--resume without a checkpoint', 'refuse', (out) => [out], async (out) => {
    await rm(path.join(out, 'checkpoints'), { recursive: true, force: true });
  }),
  resumeCase('--resume with a damaged checkpoint', 'warn', () => ['checkpoint'], async (out) => {
    const weights = path.join(out, 'checkpoints', 'last', 'weights.bin');
    await truncate(weights, Math.floor((await stat(weights)).size / 2));
  }),
  resumeCase('--resume with another --batch', 'refuse', () => ['--batch', 'batch'], async () => undefined, ['--batch', '4']),
  resumeCase('--resume of a state.json edited to step 9999', 'refuse', () => ['state.json', '9999'], async (out) => {
    const file = path.join(out, 'checkpoints', 'last', 'state.json');
    const state = JSON.parse(await readFile(file, 'utf8'));
    state.train.step = 9999;
    await writeFile(file, JSON.stringify(state, null, 2));
  }),
];

/** A copy of the saved model whose recorded config `edit` changes. */
async function configCase(f: Fixtures, name: string, edit: (config: Record<string, unknown>) => void): Promise<string> {
  const dir = path.join(await scratch(f, `config-${name}`), 'model');
  await writeFaultyModelFolder(f.modelDir, path.dirname(dir), 'size-mismatch');
  // Restore the real weights: only the config is wrong here.
  await writeFile(path.join(dir, 'weights.bin'), await readFile(path.join(f.modelDir, 'weights.bin')));
  const json = JSON.parse(await readFile(path.join(f.modelDir, 'model.json'), 'utf8'));
  edit(json.userDefinedMetadata.depthkit.config);
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
  return dir;
}
