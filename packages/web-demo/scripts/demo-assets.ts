import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSynthDataset, writeFileAtomic, type WebModelMetadata } from '@depthkit/core';
import { cliNodeArgs } from '@depthkit/core/testing';
import { build } from 'vite';

/** packages/web-demo. */
export const demoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const workspaceDir = path.resolve(demoDir, '../..');

/** A trained `<out>/model` folder the demo will serve. */
export interface DemoModel {
  name: string;
  modelDir: string;
  quantize?: 'float16';
}

/** Runs a depthkit CLI on the sources, its output shown as it goes; fails with its exit code. */
export function runCli(script: string, args: string[], print: (line: string) => void = (l) => process.stdout.write(l)): Promise<void> {
  const bin = script.includes('/core/') ? 'depthkit' : path.basename(path.dirname(path.dirname(script)));
  print(`$ ${bin} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliNodeArgs(script, args), { cwd: workspaceDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => print(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => print(chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${args[0]} exited with code ${code}`))));
  });
}

/**
 * The models of the bench's newest run (`bench-results/<suite>-<timestamp>/<method>/model`,
 * what `pnpm bench:kitti` writes), in the bench's method order; none when it has not run.
 */
export async function benchModels(root = path.join(workspaceDir, 'bench-results')): Promise<DemoModel[]> {
  const runs = (await readdir(root).catch(() => [] as string[])).filter((n) => /^(kitti|nyu)-\d{4}-/.test(n));
  const byTime = await Promise.all(runs.map(async (n) => ({ n, t: (await stat(path.join(root, n))).mtimeMs })));
  for (const { n } of byTime.sort((a, b) => b.t - a.t)) {
    const run = path.join(root, n);
    const results = JSON.parse(await readFile(path.join(run, 'results.json'), 'utf8').catch(() => '{"methods":[]}')) as { methods: { method: string }[] };
    const order = [...new Set(results.methods.map((m) => m.method))];
    const models = order.filter((m) => existsSync(path.join(run, m, 'model', 'model.json')))
      .map((m) => ({ name: `${m}-${n.split('-')[0]}`, modelDir: path.join(run, m, 'model') }));
    if (models.length > 0) return models;
  }
  return [];
}

/** A tiny hma-depth trained on synthetic frames in a few seconds, kept in `cacheDir` for the next run. */
export async function tinyModel(cacheDir: string, steps = 60): Promise<DemoModel> {
  const modelDir = path.join(cacheDir, 'model');
  if (!existsSync(path.join(modelDir, 'model.json'))) {
    await runCli('packages/hma-depth/scripts/cli.ts', ['train', '--preset', 'tiny', '--out', cacheDir, '--steps', String(steps), '--overwrite']);
  }
  return { name: 'hma-depth-tiny', modelDir };
}

/** Each model through `depthkit export --web` into `<publicDir>/models/<name>`, and models/index.json listing them. */
export async function exportModels(models: DemoModel[], publicDir: string, print?: (line: string) => void): Promise<void> {
  const listed = [];
  for (const model of models) {
    const name = model.quantize ? `${model.name}-${model.quantize}` : model.name;
    const out = path.join(publicDir, 'models', name);
    await runCli('packages/core/src/cli.ts', ['export', '--web', out, '--model', model.modelDir, '--overwrite', ...(model.quantize ? ['--quantize', model.quantize] : [])], print);
    const json = JSON.parse(await readFile(path.join(out, 'model.json'), 'utf8')) as { userDefinedMetadata: { depthkit: WebModelMetadata } };
    const meta = json.userDefinedMetadata.depthkit;
    const bytes = (await Promise.all((await readdir(out)).map(async (f) => (await stat(path.join(out, f))).size))).reduce((a, b) => a + b, 0);
    const accuracy = meta.export.accuracy ? `, AbsRel ${meta.export.accuracy.difference >= 0 ? '+' : ''}${meta.export.accuracy.difference.toExponential(1)}` : '';
    listed.push({ name, label: `${meta.method} · ${meta.preset} (${meta.export.weights}, ${(bytes / 1024 / 1024).toFixed(2)} MiB${accuracy})`, url: `models/${name}/model.json` });
  }
  await writeFileAtomic(path.join(publicDir, 'models', 'index.json'), `${JSON.stringify(listed, null, 2)}\n`);
}

const sharedSamples: [string, string, string][] = [
  ['kitti-0050', 'KITTI 2011_09_26 frame 50 (real)', 'kitti/metric3d_kitti_demo/rgb/0000000050.png'],
  ['kitti-0100', 'KITTI 2011_09_26 frame 100 (real)', 'kitti/metric3d_kitti_demo/rgb/0000000100.png'],
  ['nyu-0050', 'NYU Depth v2 frame 50 (real)', 'nyu/metric3d_nyu_demo/rgb/rgb_00050.jpg'],
];

/**
 * Sample images under `<publicDir>/samples`: the real KITTI / NYU frames of ../shared/data where
 * the workspace has them, and always one synthetic street frame from depthkit synth.
 */
export async function writeSamples(publicDir: string): Promise<void> {
  const dir = path.join(publicDir, 'samples');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const listed = [];
  for (const [name, label, file] of sharedSamples) {
    const from = path.join(workspaceDir, '..', 'shared', 'data', file);
    if (!existsSync(from)) continue;
    const to = `${name}${path.extname(file)}`;
    await copyFile(from, path.join(dir, to));
    listed.push({ name, label, url: `samples/${to}` });
  }
  const synth = path.join(dir, '.synth');
  await generateSynthDataset({ layout: 'kitti', out: synth, count: 1, seed: 11, split: 'test' });
  const frame = await findFile(synth, (f) => f.includes(`${path.sep}image_02${path.sep}data${path.sep}`) && f.endsWith('.png'));
  await copyFile(frame, path.join(dir, 'synthetic-street.png'));
  await rm(synth, { recursive: true, force: true });
  listed.push({ name: 'synthetic-street', label: 'synthetic street (depthkit synth)', url: 'samples/synthetic-street.png' });
  await writeFileAtomic(path.join(dir, 'index.json'), `${JSON.stringify(listed, null, 2)}\n`);
}

async function findFile(dir: string, match: (file: string) => boolean): Promise<string> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && match(file)) return file;
  }
  throw new Error(`${dir}: no file matched`);
}

/** `vite build` of the page with `publicDir` copied in beside it. */
export async function buildDemo(publicDir: string, outDir: string): Promise<void> {
  await build({ root: demoDir, publicDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
