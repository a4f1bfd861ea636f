import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackbone } from '../backbones/create-backbone.js';
import { exportTorchvisionWeights } from '../backbones/export-torchvision-weights.js';
import { encodeSafetensors } from '../backbones/safetensors.js';
import { encodeNpyDepth } from '../eval/encode-npy.js';
import { initEngine } from '../engine/engine.js';
import { writeDepthPng } from '../io/depth-png.js';
import { runCliProcess } from '../testing/run-cli.js';

/** `depthkit` as a user runs it: a child process, its exit code and both streams. */
const depthkit = (...args: string[]) => runCliProcess('packages/core/src/cli.ts', args);

describe('depthkit CLI faults (child processes)', () => {
  beforeAll(() => initEngine({ engine: 'cpu', log: false }));

  it('import-weights refuses a state_dict holding NaN, naming the tensor, and writes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-cli-nan-'));
    const backbone = createBackbone({ arch: 'resnet18', inputShape: [32, 32, 3] });
    const state = exportTorchvisionWeights(backbone.model);
    backbone.model.dispose();
    state['layer4.1.conv2.weight'].data[10] = Number.POSITIVE_INFINITY;
    const file = path.join(dir, 'inf.safetensors');
    await writeFile(file, encodeSafetensors(state));
    const run = await depthkit('import-weights', '--arch', 'resnet18', '--from', file, '--out', path.join(dir, 'out'), '--engine', 'cpu');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`depthkit: ${file}: weight 'layer4.1.conv2.weight' [512, 512, 3, 3] holds 1 NaN/Inf value; expected finite numbers — refused`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('eval of all-zero ground truth exits 1 naming the folder, with no report', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-cli-zero-'));
    await writeDepthPng(path.join(dir, 'gt', 'a.png'), { width: 8, height: 4, data: new Float32Array(32) }, 256);
    await mkdir(path.join(dir, 'pred'));
    await writeFile(path.join(dir, 'pred', 'a.npy'), encodeNpyDepth({ width: 8, height: 4, data: new Float32Array(32).fill(3) }));
    const run = await depthkit('eval', '--protocol', 'kitti-none', '--gt', path.join(dir, 'gt'), '--pred', path.join(dir, 'pred'), '--json', path.join(dir, 'r.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`depthkit: ${path.join(dir, 'gt')}: none of the 1 ground-truth files has a valid pixel`);
    expect(existsSync(path.join(dir, 'r.json'))).toBe(false);
  });

  it('synth --size is HxW and warns, with exit 0, when it looks transposed for the layout', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-cli-size-'));
    const run = await depthkit('synth', '--layout', 'kitti', '--out', dir, '--count', '1', '--size', '64x24');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("depthkit synth: warning: --size 64x24 is 64 high × 24 wide, but the layout's frames are 375×1242 (HxW); sizes are height×width — did you mean 24x64?");
    expect(run.stdout).toContain('wrote 1 kitti train frames (64×24, HxW)');
  });
});
