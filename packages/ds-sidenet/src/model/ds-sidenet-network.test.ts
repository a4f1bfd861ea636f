import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectNoTensorLeak, initEngine } from '@depthkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type DsSidenetConfig } from '../config.js';
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
