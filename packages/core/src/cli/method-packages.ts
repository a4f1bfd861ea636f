import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DepthMethod } from '../method/depth-method.js';
import { modelJsonFile } from '../io/layers-model-files.js';

/**
 * The package of each method id, for `depthkit` commands given only a model folder. Explicit:
 * a method id read from a stranger's model.json never becomes an arbitrary import.
 */
export const methodPackages: Readonly<Record<string, string>> = {
  'hma-depth': '@depthkit/hma-depth',
  'ds-sidenet': '@depthkit/ds-sidenet',
  'deeplab-sid': '@depthkit/deeplab-sid',
  'region-support': '@depthkit/region-support',
  'segment-depth': '@depthkit/segment-depth',
};

/** The method id a model folder's model.json records. */
export async function recordedMethodId(modelDir: string): Promise<string> {
  const file = path.join(modelDir, modelJsonFile);
  let json: { userDefinedMetadata?: { depthkit?: { method?: unknown } } };
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: expected a trained model's model.json, found ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}`);
  }
  const id = json?.userDefinedMetadata?.depthkit?.method;
  if (typeof id !== 'string') throw new Error(`${file}: no depthkit metadata (userDefinedMetadata.depthkit.method); expected a model written by '<method> train'`);
  return id;
}

/** The method a model folder was trained with, from its package (which must be installed beside @depthkit/core). */
export async function methodOfModel(modelDir: string, load: (specifier: string) => Promise<Record<string, unknown>> = (s) => import(s)): Promise<DepthMethod<unknown>> {
  const id = await recordedMethodId(modelDir);
  const specifier = Object.hasOwn(methodPackages, id) ? methodPackages[id] : undefined;
  if (specifier == null) {
    throw new Error(`${path.join(modelDir, modelJsonFile)}: method '${id}' is not one of depthkit's (${Object.keys(methodPackages).join(', ')}); use that method's own CLI`);
  }
  let module: Record<string, unknown>;
  try {
    module = await load(specifier);
  } catch (error) {
    throw new Error(`a '${id}' model needs ${specifier}, which could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install it, or run '${id} export'`);
  }
  const method = Object.values(module).find((v): v is DepthMethod<unknown> => (v as DepthMethod | null)?.id === id && typeof (v as DepthMethod).createModel === 'function');
  if (!method) throw new Error(`${specifier} exports no method descriptor with id '${id}'`);
  return method;
}
