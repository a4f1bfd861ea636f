import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, networkStride, validateConfig, type ContextModule, type DsSidenetConfig } from '../config.js';
import { dsSidenet } from '../method.js';
import { decoderTable } from './decoder.js';
import { dsSidenetLoss } from '../loss.js';
import { kittiPreset } from '../presets/kitti.js';
import { nyuPreset } from '../presets/nyu.js';
import { buildDsSidenetGraph, buildDsSidenetNetwork } from './ds-sidenet-network.js';

// Tables 1 and 2 as printed in the paper: [channels, 1/stride] of every block's output.
const table1 = {
  low: [[64, 2], [128, 4], [256, 8], [256, 16], [512, 32]],
  high: [[64, 2], [128, 4], [256, 4], [256, 4], [128, 4]],
};
const table2 = {
  low: [[256, 16], [128, 8], [64, 4], [32, 2], [1, 1]],
  high: [[64, 4], [32, 4], [32, 4], [16, 2], [1, 1]],
};
const H = 64;
const W = 96;

const frac = (s: number, side: string) => (s === 1 ? side : `${side}/${s}`);
const dims = (t: tf.Tensor) => `${t.shape[3]} × ${frac(W / t.shape[2]!, 'W')} × ${frac(H / t.shape[1]!, 'H')}`;
const paper = ([c, s]: number[]) => `${c} × ${frac(s, 'W')} × ${frac(s, 'H')}`;

describe('DS-SIDENet network: Tables 1 and 2, both variants', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  for (const range of ['low', 'high'] as const) {
    it(`${range}-range: every encoder and decoder block has the paper's output dimensions (input 3 × ${W} × ${H})`, () => {
      const config: DsSidenetConfig = { ...defaultConfig, range, bins: 80 };
      const graph = buildDsSidenetGraph(config);
      const branches = [graph.cls!, graph.reg!];
      const probe = tfl.model({ inputs: graph.image, outputs: [...graph.encoder, ...branches.flatMap((b) => [...b.blocks.slice(0, 4), b.output])] });
      const outs = probe.predict(tf.randomUniform([1, H, W, 3], -1, 1, 'float32', 1)) as tf.Tensor[];
      const rows: string[][] = [];
      table1[range].forEach((row, i) => rows.push([`encoder Block ${i + 1}`, paper(row), dims(outs[i])]));
      ['classification', 'regression'].forEach((branch, b) => {
        table2[range].forEach((row, i) => {
          const t = outs[5 + b * 5 + i];
          // Block 5 is printed in the paper after the output layer: 1 channel of depth, or K + 1 classes.
          const expected = i === 4 && branch === 'classification' ? [config.bins + 1, 1] : row;
          rows.push([`${branch} decoder Block ${i + 1}`, paper(expected), dims(t)]);
        });
      });
      console.log(`${range}-range DS-SIDENet (paper | depthkit):\n${rows.map((r) => `  ${r[0].padEnd(34)} ${r[1].padEnd(22)} ${r[2]}`).join('\n')}`);
      for (const [, expected, actual] of rows) expect(actual).toBe(expected);
      tf.dispose(outs);
      probe.dispose();
    });
  }

  it('the default nyu and kitti networks keep their parameter counts (the PyTorch twin matches them)', () => {
    const trainable = (config: DsSidenetConfig) => {
      const { model } = buildDsSidenetNetwork(config);
      const n = model.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
      model.dispose();
      return n;
    };
    expect(trainable(nyuPreset.config)).toBe(22_965_906);
    expect(trainable(kittiPreset.config)).toBe(2_597_378);
  });

  // Table 8's rows as configurations. Only "+SAM Block 3" is in Table 2; the other rows' sizes
  // follow from upproj-con mapping C to C/2 (SAM and SHG keep C), as the README reads them.
  const table8: { module: ContextModule; block: 3 | 4 | 5; decoder: number[][]; moduleAt: [number, number] | null }[] = [
    { module: 'none', block: 3, decoder: [[64, 4], [32, 4], [16, 4], [8, 2], [1, 1]], moduleAt: null },
    { module: 'shg', block: 3, decoder: [[64, 4], [32, 4], [32, 4], [16, 2], [1, 1]], moduleAt: [32, 4] },
    { module: 'sam', block: 4, decoder: [[64, 4], [32, 4], [16, 4], [8, 2], [1, 1]], moduleAt: [8, 2] },
    { module: 'sam', block: 5, decoder: [[64, 4], [32, 4], [16, 4], [8, 2], [1, 1]], moduleAt: [4, 1] },
    { module: 'shg', block: 4, decoder: [[64, 4], [32, 4], [16, 4], [8, 2], [1, 1]], moduleAt: [8, 2] },
    { module: 'shg', block: 5, decoder: [[64, 4], [32, 4], [16, 4], [8, 2], [1, 1]], moduleAt: [4, 1] },
  ];
  for (const row of table8) {
    const label = row.module === 'none' ? 'noSHG/SAM' : `+${row.module.toUpperCase()} Block ${row.block}`;
    it(`Table 8 "${label}": every decoder block's size, and the module where the row puts it`, () => {
      const config: DsSidenetConfig = { ...defaultConfig, range: 'high', task: 'soft-cl', contextModule: row.module, contextBlock: row.block, bins: 80 };
      const graph = buildDsSidenetGraph(config);
      const model = tfl.model({ inputs: graph.image, outputs: graph.cls!.output });
      const prefix = `cls_dec_b${row.block}${row.block === 3 ? '' : `_${row.module}`}`;
      // For SHG the two inner levels of its first hourglass; at block 5 also the module's last
      // layer (at blocks 3 and 4 it is the block's output, which is probed already).
      const inner = row.module === 'shg' ? [`${prefix}_hg1_c1_relu`, `${prefix}_hg1_c4_relu`] : [];
      const last = row.module === 'none' || row.block < 5 ? [] : [row.module === 'sam' ? `${prefix}_am${config.samModules}_out` : `${prefix}_hg${config.shgModules}_sum`];
      const moduleLayers = [...inner, ...last];
      const probe = tfl.model({
        inputs: graph.image,
        outputs: [...graph.cls!.blocks.slice(0, 4), graph.cls!.output, ...moduleLayers.map((n) => model.getLayer(n).output as tfl.SymbolicTensor)],
      });
      const outs = probe.predict(tf.randomUniform([1, H, W, 3], -1, 1, 'float32', 2)) as tf.Tensor[];
      const rows = row.decoder.map((r, i) => [`decoder Block ${i + 1}`, paper(i === 4 ? [config.bins + 1, 1] : r), dims(outs[i])]);
      if (row.moduleAt) {
        const [c, st] = row.moduleAt;
        const levels = row.module === 'shg' ? [[2 * c, 2 * st], [2 * c, 4 * st]] : [];
        levels.forEach((r, i) => rows.push([`  hourglass level ${i + 1}`, paper(r), dims(outs[5 + i])]));
        const output = row.block < 5 ? outs[row.block - 1] : outs[5 + levels.length];
        rows.push([`  ${row.module.toUpperCase()} output`, paper(row.moduleAt), dims(output)]);
      }
      console.log(`high-range DS-SIDENet, Table 8 "${label}" (expected | depthkit):\n${rows.map((r) => `  ${r[0].padEnd(26)} ${r[1].padEnd(22)} ${r[2]}`).join('\n')}`);
      for (const [, expected, actual] of rows) expect(actual).toBe(expected);
      // Every module where the row puts it, and nowhere else.
      const modules = (kind: string) => new Set(model.layers.map((l) => l.name.match(new RegExp(`^(cls_dec_b\\d)(_\\w+)?_${kind === 'sam' ? 'am' : 'hg'}1_`))?.[1]).filter(Boolean));
      expect([...modules('sam')]).toEqual(row.module === 'sam' ? [`cls_dec_b${row.block}`] : []);
      expect([...modules('shg')]).toEqual(row.module === 'shg' ? [`cls_dec_b${row.block}`] : []);
      if (row.module === 'shg') expect(model.layers.filter((l) => /_hg\d_sum$/.test(l.name)).length).toBe(3);
      tf.dispose(outs);
      probe.dispose();
    });
  }

  it('an SHG network trains: eq. (3)\'s gradient reaches every hourglass weight, finite and non-zero', async () => {
    const config: DsSidenetConfig = { ...defaultConfig, range: 'high', contextModule: 'shg', contextBlock: 3, widthScale: 0.125, amDilations: [1], bins: 10, alpha: 1, beta: 80 };
    const { model } = buildDsSidenetNetwork(config);
    const images = tf.randomUniform([1, 32, 48, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const depth = tf.randomUniform([1, 32, 48, 1], 1, 80, 'float32', 4) as tf.Tensor4D;
    const hourglassVars = model.trainableWeights.filter((w) => /_hg\d_/.test(w.originalName)).map((w) => w.read() as tf.Variable);
    // Two branches × 3 hourglasses × (4 convbn + 2 deconvbn) × (kernel, γ, β).
    expect(hourglassVars.length).toBe(2 * 3 * 6 * 3);
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => dsSidenetLoss({ images, depth }, model.apply(images, { training: true }) as tf.Tensor[], config).total, hourglassVars);
      const norms = Object.values(grads).map((g) => tf.tidy(() => tf.norm(g).dataSync()[0]));
      tf.dispose([value, ...Object.values(grads)]);
      expect(norms.every((n) => Number.isFinite(n) && n > 0)).toBe(true);
    });
    tf.dispose([images, depth]);
    model.dispose();
  });

  it('the presets kitti-shg, kitti-sam4, kitti-sam5, kitti-plain and nyu-fusion are their rows\' networks, padded and trained as kitti / nyu', () => {
    const kinds = (name: string) => decoderTable(dsSidenet.presets[name].config).map((b) => (b.context ? `${b.kind}+${b.context}` : b.kind));
    expect(kinds('kitti')).toEqual(['upproj-con', 'upproj-con', 'sam', 'upproj-con', 'upproj']);
    expect(kinds('kitti-shg')).toEqual(['upproj-con', 'upproj-con', 'shg', 'upproj-con', 'upproj']);
    expect(kinds('kitti-sam4')).toEqual(['upproj-con', 'upproj-con', 'upproj-con', 'upproj-con+sam', 'upproj']);
    expect(kinds('kitti-sam5')).toEqual(['upproj-con', 'upproj-con', 'upproj-con', 'upproj-con', 'upproj+sam']);
    expect(kinds('kitti-plain')).toEqual(['upproj-con', 'upproj-con', 'upproj-con', 'upproj-con', 'upproj']);
    for (const name of ['kitti-shg', 'kitti-sam4', 'kitti-sam5', 'kitti-plain']) {
      expect(dsSidenet.presets[name].config.padTo).toEqual([384, 1248]);
      expect(dsSidenet.presets[name].training).toEqual(kittiPreset.training);
      expect(() => validateConfig(dsSidenet.presets[name].config)).not.toThrow();
    }
    expect(dsSidenet.presets['nyu-fusion'].config).toEqual({ ...nyuPreset.config, fusion: true, testBranch: 'fused' });
  });

  it('an SHG network needs inputs in multiples of 4 × its feature stride; SAM and none keep the stride 4', () => {
    const stride = (contextModule: ContextModule, contextBlock: 3 | 4 | 5) => networkStride({ range: 'high', contextModule, contextBlock });
    expect([stride('shg', 3), stride('shg', 4), stride('shg', 5), stride('sam', 3), stride('sam', 5), stride('none', 3)]).toEqual([16, 8, 4, 4, 4, 4]);
    expect(networkStride({ range: 'low', contextModule: 'shg', contextBlock: 3 })).toBe(32);
  });

  it('reads a config saved before contextModule existed (highBlock3) as the same network', () => {
    const legacy = { ...defaultConfig, range: 'high', widthScale: 0.125, highBlock3: 'upproj-con' } as unknown as DsSidenetConfig;
    delete (legacy as Partial<DsSidenetConfig>).contextModule;
    delete (legacy as Partial<DsSidenetConfig>).contextBlock;
    const old = buildDsSidenetNetwork(legacy).model;
    const now = buildDsSidenetNetwork({ ...defaultConfig, range: 'high', widthScale: 0.125, contextModule: 'none' }).model;
    expect(old.layers.map((l) => l.name)).toEqual(now.layers.map((l) => l.name));
    old.dispose();
    now.dispose();
  });

  it('uses depthwise-separable convs everywhere in the encoder but Block 1 and Block 5\'s 1×1, and d2 in all 12 Block 4 layers', () => {
    for (const range of ['low', 'high'] as const) {
      const { model } = buildDsSidenetNetwork({ ...defaultConfig, range });
      const enc = model.layers.filter((l) => l.name.startsWith('enc_'));
      const plain = enc.filter((l) => l.getClassName() === '@depthkit/core>Conv2D' || l.getClassName() === 'Conv2D').map((l) => l.name);
      // The pointwise halves of the dw layers are 1×1 Conv2Ds too; no other full conv exists.
      const pointwise = enc.filter((l) => l.name.endsWith('_pw')).map((l) => l.name);
      expect(plain.sort()).toEqual(['enc_b1_l1_conv', 'enc_b1_l2_conv', 'enc_b5_l2_conv', ...pointwise].sort());
      expect(pointwise.length).toBe(4 + 4 + 13 + 1);
      const depthwise = enc.filter((l) => l.name.endsWith('_dw'));
      expect(depthwise.length).toBe(4 + 4 + 13 + 1);
      const dilated = depthwise.filter((l) => (l.getConfig() as { dilation: number }).dilation === 2).map((l) => l.name);
      expect(dilated).toEqual(Array.from({ length: 12 }, (_, i) => `enc_b4_l${i + 1}_dw`));
      model.dispose();
    }
  });

  it('the high-range decoder block 3 is SAM: 3 stacked AM modules with the configured dilations', () => {
    const { model } = buildDsSidenetNetwork({ ...defaultConfig, range: 'high', task: 'soft-cl' });
    const am = model.layers.filter((l) => /^cls_dec_b3_am\d_d\d+_conv$/.test(l.name));
    expect(am.length).toBe(3 * defaultConfig.amDilations.length);
    expect(am.slice(0, defaultConfig.amDilations.length).map((l) => (l.getConfig() as { dilation: number }).dilation)).toEqual(defaultConfig.amDilations);
    model.dispose();
  });

  for (const task of ['reg', 'hard-cl', 'soft-cl', 'hard-cl+reg', 'soft-cl+reg'] as const) {
    it(`task ${task}: outputs only its branches, at input size`, async () => {
      const config: DsSidenetConfig = { ...defaultConfig, range: 'low', task, testBranch: task === 'reg' ? 'reg' : 'cls', widthScale: 0.125, bins: 10 };
      const { model, stride } = buildDsSidenetNetwork(config);
      expect(stride).toBe(32);
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const out = model.predict(tf.zeros([2, 64, 96, 3]));
          const shapes = (Array.isArray(out) ? out : [out]).map((t) => t.shape);
          const expected = [...(task === 'reg' ? [] : [[2, 64, 96, 11]]), ...(task.includes('reg') ? [[2, 64, 96, 1]] : [])];
          expect(shapes).toEqual(expected);
        });
      });
      model.dispose();
    });
  }

  it('refuses a test branch the task does not train, naming both', () => {
    expect(() => buildDsSidenetNetwork({ ...defaultConfig, task: 'reg', testBranch: 'cls' })).toThrow("testBranch 'cls' needs a classification branch, but task 'reg' trains only regression");
  });
});
