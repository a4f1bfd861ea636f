import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initEngine, writeRgbImage } from '@depthkit/core';
import { runCliProcess, saveAndReload, weightFaultSentinel, writeFaultyModelFolder, type CliRun, type WeightFault } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmaDepth } from '../src/method.js';

/** The method CLI as a user runs it: a child process on the sources. */
const cli = (...args: string[]): Promise<CliRun> => runCliProcess('packages/hma-depth/scripts/cli.ts', args);

let root: string;
let modelDir: string;
let image: string;

function image40x60(seed: number) {
  const data = new Uint8Array(40 * 60 * 3).map((_, i) => (i * 7 + seed * 13) % 251);
  return { width: 60, height: 40, data };
}

beforeAll(async () => {
  await initEngine({ engine: 'cpu', log: false });
  root = await mkdtemp(path.join(tmpdir(), 'dk-hma-faults-'));
  const saved = await saveAndReload(hmaDepth, 'tiny');
  saved.built.model.dispose();
  saved.loaded.built.model.dispose();
  modelDir = saved.dir;
  image = path.join(root, 'images', 'a.png');
  await writeRgbImage(image, image40x60(1));
  await writeRgbImage(path.join(root, 'images', 'a.jpg'), image40x60(2));
  await writeFile(path.join(root, 'notes.txt'), 'not an image\n');
});

/** A refusal as users must see it: exit 1, one line naming what and why, nothing written. */
function expectRefusal(run: CliRun, message: string | RegExp, out?: string): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toMatch(typeof message === 'string' ? new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (out) expect(existsSync(out)).toBe(false);
}

const weightCases: [WeightFault, (dir: string, secret: string) => RegExp][] = [
  ['parent-path', (dir) => new RegExp(`${path.dirname(dir)}/secret\\.bin: refused: ${dir}/model\\.json names '\\.\\./secret\\.bin', a path with '\\.\\.'; weight files must be inside ${dir}`)],
  ['absolute-path', (dir, secret) => new RegExp(`${secret}: refused: .* names an absolute path \\('${secret}'\\); weight files must be inside ${dir}`)],
  ['symlink-out', (dir, secret) => new RegExp(`${dir}/weights\\.bin: refused: resolves to ${secret}, outside the folder`)],
  ['size-mismatch', (dir) => new RegExp(`${dir}/weights\\.bin: expected \\d+ bytes .* found \\d+; refused without reading`)],
  ['dev-zero', (dir) => new RegExp(`/dev/zero: refused: .* names an absolute path \\('/dev/zero'\\); weight files must be inside ${dir}`)],
  ['nan-weights', (dir) => new RegExp(`${dir}/model\\.json: weight '[^']+' \\[[\\d, ]+\\] holds 1 NaN/Inf value; expected finite numbers`)],
];

describe('hma-depth CLI: model folders are read only from inside themselves', () => {
  for (const [fault, message] of weightCases) {
    it(`predict refuses a model folder with ${fault}, reading nothing outside it`, async () => {
      const { dir, secret } = await writeFaultyModelFolder(modelDir, await mkdtemp(path.join(root, `${fault}-`)), fault);
      const out = path.join(root, `out-${fault}`);
      const run = await cli('predict', '--checkpoint', dir, '--input', image, '--out', out);
      expectRefusal(run, message(dir, secret), out);
      expect(run.stdout + run.stderr).not.toContain(weightFaultSentinel.slice(0, 12));
    });
  }
});

describe('hma-depth CLI: inputs and options refused before any work', () => {
  it('predict a.png a.jpg: two inputs writing one output are refused, nothing written', async () => {
    const out = path.join(root, 'out-clash');
    const jpg = path.join(root, 'images', 'a.jpg');
    const run = await cli('predict', '--checkpoint', modelDir, '--input', image, jpg, '--out', out);
    expectRefusal(run, `--input: expected each input to have its own output name, found 1 clash: ${image} and ${jpg} would all write depth/a.png`, out);
  });

  it('predict of one image writes its three files and counts them', async () => {
    const out = path.join(root, 'out-ok');
    const run = await cli('predict', '--checkpoint', modelDir, '--input', image, '--out', out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`wrote 1 predictions (3 files: depth/, npy/, colour/) under ${out}`);
    expect(run.stderr).not.toMatch(/looks like you are running TensorFlow\.js in Node/i);
    const files = await Promise.all(['depth', 'npy', 'colour'].map((d) => readdir(path.join(out, d))));
    expect(files).toEqual([['a.png'], ['a.npy'], ['a.png']]);
  });

  it('--input notes.txt says the file is not an image', async () => {
    const notes = path.join(root, 'notes.txt');
    expectRefusal(await cli('predict', '--checkpoint', modelDir, '--input', notes, '--out', path.join(root, 'o1')),
      `${notes}: not an image — expected an RGB image (PNG or JPEG)`, path.join(root, 'o1'));
  });

  it('--max-pixels refuses a larger image from its header', async () => {
    expectRefusal(await cli('predict', '--checkpoint', modelDir, '--input', image, '--out', path.join(root, 'o2'), '--max-pixels', '1000'),
      `${image}: 40×60 is 0.0 megapixels, above the limit of 0.0; downscale it, or raise the limit with --max-pixels 2400`, path.join(root, 'o2'));
  });

  it('train refuses --seed abc, --crop off the stride, and a missing --data folder', async () => {
    const out = path.join(root, 'train-out');
    const [seed, crop, data] = await Promise.all([
      cli('train', '--preset', 'tiny', '--out', out, '--seed', 'abc'),
      cli('train', '--preset', 'tiny', '--out', out, '--crop', '65x161'),
      cli('train', '--preset', 'tiny', '--out', out, '--data', path.join(root, 'no-such-data')),
    ]);
    expectRefusal(seed, "--seed: expected an integer from 0 to 4294967295, found 'abc'");
    expectRefusal(crop, "--crop: expected height and width multiples of the network's stride 32, found 65x161; use 64x160 or 96x192");
    expectRefusal(data, `--data ${path.join(root, 'no-such-data')}: no such folder; expected a kitti dataset folder`);
    expect(existsSync(path.join(out, 'data'))).toBe(false);
  });

  it('--version names the method and depthkit', async () => {
    const run = await cli('--version');
    expect([run.code, run.stdout]).toEqual([0, expect.stringMatching(/^hma-depth \(depthkit \d+\.\d+\.\d+\)\n$/)]);
  });
});

it('a data folder lacking the test split\'s frames: eval names the split, the count missing and the synth command', async () => {
  const data = path.join(root, 'empty-data');
  await mkdir(data, { recursive: true });
  const run = await cli('eval', '--checkpoint', modelDir, '--data', data, '--json', path.join(root, 'r.json'));
  expectRefusal(run, new RegExp(`${data}: the kitti 'eigen' split .* lists 697 frames; 697 frames are missing .*Make them with \`depthkit synth --layout kitti --split test --out ${data}\``));
});
