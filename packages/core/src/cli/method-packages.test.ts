import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodOfModel, methodPackages } from './method-packages.js';

async function modelFolder(json: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dk-method-of-'));
  await writeFile(path.join(dir, 'model.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return dir;
}

const recording = (id: unknown) => ({ userDefinedMetadata: { depthkit: { method: id } } });

describe('methodOfModel', () => {
  it('imports the package of the recorded method id and returns its descriptor', async () => {
    const dir = await modelFolder(recording('hma-depth'));
    const descriptor = { id: 'hma-depth', createModel: () => undefined };
    const asked: string[] = [];
    const method = await methodOfModel(dir, async (s) => { asked.push(s); return { other: { id: 'x' }, hmaDepth: descriptor }; });
    expect(method).toBe(descriptor);
    expect(asked).toEqual(['@depthkit/hma-depth']);
  });

  it('never imports a package a model folder names: only the five listed ids are looked up', async () => {
    expect(Object.keys(methodPackages)).toEqual(['hma-depth', 'ds-sidenet', 'deeplab-sid', 'region-support', 'segment-depth']);
    const dir = await modelFolder(recording('../../evil'));
    const asked: string[] = [];
    await expect(methodOfModel(dir, async (s) => { asked.push(s); return {}; }))
      .rejects.toThrow(`${dir}/model.json: method '../../evil' is not one of depthkit's (hma-depth, ds-sidenet, deeplab-sid, region-support, segment-depth); use that method's own CLI`);
    expect(asked).toEqual([]);
    await expect(methodOfModel(await modelFolder(recording('constructor')), async () => ({}))).rejects.toThrow(/method 'constructor' is not one of depthkit's/);
  });

  it('says what is wrong with a folder that is not a trained model, or a package that cannot load', async () => {
    const broken = await modelFolder('{ not json');
    await expect(methodOfModel(broken)).rejects.toThrow(new RegExp(`^${broken}/model\\.json: expected a trained model's model\\.json, found .*JSON`));
    const bare = await modelFolder({ modelTopology: {} });
    await expect(methodOfModel(bare)).rejects.toThrow(`${bare}/model.json: no depthkit metadata (userDefinedMetadata.depthkit.method); expected a model written by '<method> train'`);
    const dir = await modelFolder(recording('segment-depth'));
    await expect(methodOfModel(dir, async () => { throw new Error("Cannot find package '@depthkit/segment-depth'\nstack"); }))
      .rejects.toThrow("a 'segment-depth' model needs @depthkit/segment-depth, which could not be loaded (Cannot find package '@depthkit/segment-depth'); install it, or run 'segment-depth export'");
  });
});
