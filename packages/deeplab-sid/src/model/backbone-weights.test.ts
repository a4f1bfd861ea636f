import * as tf from '@tensorflow/tfjs-core';
import { initEngine, loadBackboneWeights } from '@depthkit/core';
import { expectNoTensorLeak, nestedModelOf, saveKnownBackbone, weightsByName } from '@depthkit/core/testing';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deeplabSid } from '../method.js';

// `deeplab-sid train --backbone-weights`: the resnet starts from an imported backbone folder.
describe('DeepLab-SID from imported backbone weights', () => {
  let imported: string;
  let saved: Record<string, number[]>;
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    imported = await mkdtemp(path.join(tmpdir(), 'sid-backbone-'));
    saved = await saveKnownBackbone('resnet-tiny', imported);
  });

  it('the atrous ResNet (output stride 8) holds exactly the output-stride-32 import; ASPP keeps its own', async () => {
    const built = deeplabSid.createModel(deeplabSid.presets.tiny.config);
    const resnet = nestedModelOf(built.model);
    const asppBefore = weightsByName(built.model);
    for (const name of Object.keys(weightsByName(resnet))) delete asppBefore[name];
    expect(Object.keys(asppBefore).length).toBeGreaterThan(0);

    const loaded = await expectNoTensorLeak(() => loadBackboneWeights(built.model, imported));

    expect(loaded).toMatchObject({ arch: 'resnet-tiny', importedOutputStride: 32, outputStride: 8 });
    expect(weightsByName(resnet)).toEqual(saved);
    const after = weightsByName(built.model);
    for (const [name, values] of Object.entries(asppBefore)) expect(after[name], name).toEqual(values);
    const depth = tf.tidy(() => built.model.predict(tf.ones([1, 64, 64, 3])) as tf.Tensor);
    expect(Array.from(depth.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose(depth);
    built.model.dispose();
  });

  it('refuses weights of another architecture, naming the folder and both', async () => {
    const other = await mkdtemp(path.join(tmpdir(), 'sid-backbone-other-'));
    const json = JSON.parse(await readFile(path.join(imported, 'model.json'), 'utf8'));
    json.userDefinedMetadata.depthkitBackbone.arch = 'resnet50';
    await writeFile(path.join(other, 'model.json'), JSON.stringify(json));
    const built = deeplabSid.createModel(deeplabSid.presets.tiny.config);
    await expect(loadBackboneWeights(built.model, other)).rejects.toThrow(`${other}: expected backbone weights of resnet-tiny (the backbone of model 'deeplab_sid'), found resnet50`);
    built.model.dispose();
  });
});
