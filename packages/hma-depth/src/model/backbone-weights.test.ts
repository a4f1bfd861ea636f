import * as tf from '@tensorflow/tfjs-core';
import { initEngine, loadBackboneWeights } from '@depthkit/core';
import { expectNoTensorLeak, nestedModelOf, saveKnownBackbone, weightsByName } from '@depthkit/core/testing';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmaDepth } from '../method.js';

// `hma-depth train --backbone-weights`: the encoder starts from an imported backbone folder.
describe('HMA-Depth from imported backbone weights', () => {
  let imported: string;
  let saved: Record<string, number[]>;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    imported = await mkdtemp(path.join(tmpdir(), 'hma-backbone-'));
    saved = await saveKnownBackbone('resnet-tiny', imported);
  });

  it('the encoder holds exactly the imported weights; the decoder keeps its own', async () => {
    const built = hmaDepth.createModel(hmaDepth.presets.tiny.config);
    const encoder = nestedModelOf(built.model);
    const decoderBefore = weightsByName(built.model);
    for (const name of Object.keys(weightsByName(encoder))) delete decoderBefore[name];
    expect(Object.keys(decoderBefore).length).toBeGreaterThan(0);

    const loaded = await expectNoTensorLeak(() => loadBackboneWeights(built.model, imported));

    expect(loaded.arch).toBe('resnet-tiny');
    expect(weightsByName(encoder)).toEqual(saved);
    const after = weightsByName(built.model);
    for (const [name, values] of Object.entries(decoderBefore)) expect(after[name], name).toEqual(values);
    const [depth] = tf.tidy(() => built.model.predict(tf.ones([1, 64, 64, 3]))) as tf.Tensor[];
    expect(Array.from(depth.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose(depth);
    built.model.dispose();
  });

  it('refuses weights of another architecture, naming the folder and both', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'hma-backbone-other-'));
    const json = JSON.parse(await readFile(path.join(imported, 'model.json'), 'utf8'));
    json.userDefinedMetadata.depthkitBackbone.arch = 'resnet50';
    await writeFile(path.join(other, 'model.json'), JSON.stringify(json));
    const built = hmaDepth.createModel(hmaDepth.presets.tiny.config);
    await expect(loadBackboneWeights(built.model, other)).rejects.toThrow(`${other}: expected backbone weights of resnet-tiny (the backbone of model 'hma_depth'), found resnet50`);
    built.model.dispose();
  });
});
