import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, nestedModelOf, saveKnownBackbone, weightsByName } from '../testing/index.js';
import { backboneModelFile } from './backbone-files.js';
import type { OutputStride } from './backbone-types.js';
import { createBackbone } from './create-backbone.js';
import { describeLoadedBackboneWeights, loadBackboneWeights } from './load-backbone-weights.js';

/** A method-shaped network: a core backbone applied inside it, then a head of its own. */
function methodLike(outputStride: OutputStride): tfl.LayersModel {
  const backbone = createBackbone({ arch: 'resnet-tiny', outputStride, inputShape: [null, null, 3] });
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const taps = backbone.model.apply(image) as tfl.SymbolicTensor[];
  const head = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'head' }).apply(taps[taps.length - 1]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: image, outputs: head, name: 'method_like' });
}


describe('loadBackboneWeights', () => {
  let imported: string;
  let saved: Record<string, number[]>;

  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    imported = await mkdtemp(path.join(tmpdir(), 'dk-backbone-weights-'));
    saved = await saveKnownBackbone('resnet-tiny', imported);
  });

  it('fills the nested backbone of an output-stride-8 network with an output-stride-32 import, exactly; the head is untouched', async () => {
    const model = methodLike(8);
    const head = model.getLayer('head');
    const headBefore = head.getWeights().map((w) => Array.from(w.dataSync()));
    const nested = nestedModelOf(model);
    expect(Object.keys(weightsByName(nested))).toEqual(Object.keys(saved));
    expect(weightsByName(nested)).not.toEqual(saved);

    const loaded = await expectNoTensorLeak(() => loadBackboneWeights(model, imported));

    expect(weightsByName(nested)).toEqual(saved);
    expect(head.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(headBefore);
    const tensors = Object.keys(saved).length;
    expect(loaded).toMatchObject({ arch: 'resnet-tiny', importedOutputStride: 32, outputStride: 8, tensors });
    expect(loaded.values).toBe(Object.values(saved).reduce((n, w) => n + w.length, 0));
    expect(describeLoadedBackboneWeights(loaded)).toBe(
      `backbone weights: resnet-tiny (imported at output stride 32, used at 8), ${tensors} tensors / ${loaded.values.toLocaleString('en-US')} values from ${imported}`,
    );
    // The dilated network still runs on the copied weights.
    const out = tf.tidy(() => model.predict(tf.ones([1, 32, 32, 3])) as tf.Tensor);
    expect(out.shape).toEqual([1, 4, 4, 2]);
    expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
    out.dispose();
    model.dispose();
  });

  it('refuses another architecture, naming the folder, what the model needs and what was found', async () => {
    // A resnet18 import as far as the check reads it (building a real resnet18 takes seconds).
    const other = await mkdtemp(path.join(tmpdir(), 'dk-backbone-other-'));
    const json = JSON.parse(await readFile(path.join(imported, backboneModelFile), 'utf8'));
    json.userDefinedMetadata.depthkitBackbone.arch = 'resnet18';
    await writeFile(path.join(other, backboneModelFile), JSON.stringify(json));
    const model = methodLike(32);
    const before = weightsByName(model);
    await expect(loadBackboneWeights(model, other)).rejects.toThrow(
      `${other}: expected backbone weights of resnet-tiny (the backbone of model 'method_like'), found resnet18`,
    );
    expect(weightsByName(model)).toEqual(before);
    model.dispose();
  });

  it('refuses a weight of the wrong shape, a missing folder and a network without a core backbone', async () => {
    const broken = await mkdtemp(path.join(tmpdir(), 'dk-backbone-broken-'));
    const json = JSON.parse(await readFile(path.join(imported, backboneModelFile), 'utf8'));
    const spec = json.weightsManifest[0].weights.find((w: { name: string }) => w.name === 'layer1_0_conv1/kernel');
    spec.shape = [3, 3, 16, 8];
    await writeFile(path.join(broken, backboneModelFile), JSON.stringify(json));
    const model = methodLike(32);
    await expect(loadBackboneWeights(model, broken)).rejects.toThrow(
      `${path.join(broken, backboneModelFile)}: weight 'layer1_0_conv1/kernel' of resnet-tiny: expected float32 [3, 3, 16, 16], found float32 [3, 3, 16, 8]`,
    );
    await expect(loadBackboneWeights(model, path.join(broken, 'nowhere'))).rejects.toThrow(/nowhere: expected a backbone folder written by 'depthkit import-weights' \(with model\.json\), found no model\.json/);
    model.dispose();

    const plain = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })], name: 'plain' });
    await expect(loadBackboneWeights(plain, imported)).rejects.toThrow(`${imported}: expected model 'plain' to hold exactly one core backbone (built by createBackbone) to load the weights into, found none`);
    plain.dispose();
  });
});
