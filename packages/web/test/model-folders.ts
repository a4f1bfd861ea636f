// Test-only (Node): tiny trained-model folders, an IOHandler over a folder, and the real images.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readRgbImage, type DepthMethod, type LoadedMethodModel, type RgbImage } from '@depthkit/core';
import { saveAndReload, sharedData } from '@depthkit/core/testing';
import { depthMethods } from '../src/depth-methods.js';

/** The five methods, in the table's order, with the preset each test uses. */
export const tinyModels = Object.values(depthMethods).map((method) => ({ method, preset: 'tiny' }));

export interface TinyModelFolder {
  method: DepthMethod<unknown>;
  preset: string;
  /** `<tmp>/model`, written as `<method> train` writes it. */
  dir: string;
  /** The same folder loaded by Node's loadMethodModel: the reference. */
  loaded: LoadedMethodModel<unknown>;
}

/** A method's tiny preset with weights moved off their initialisation, saved and reloaded by Node's loader. */
export async function tinyModelFolder(method: DepthMethod<unknown>, preset = 'tiny'): Promise<TinyModelFolder> {
  const { dir, loaded, built: original } = await saveAndReload(method, preset);
  original.model.dispose();
  return { method, preset, dir, loaded };
}

/** tfjs's IOHandler contract over a model folder on disk (what a page's fetch or IndexedDB gives). */
export function folderHandler(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const buffers = await Promise.all(manifest.flatMap((g) => g.paths).map(async (p) => {
          const bytes = await readFile(path.join(dir, p));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        }));
        return [manifest.flatMap((g) => g.weights), buffers];
      });
    },
  };
}

/** Rewrites model.json's depthkit metadata (a broken folder for the error tests). */
export async function editMetadata(dir: string, edit: (depthkit: Record<string, unknown>, json: Record<string, unknown>) => void): Promise<void> {
  const file = path.join(dir, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json.userDefinedMetadata?.depthkit, json);
  await writeFile(file, JSON.stringify(json));
}

/** The three real frames the parity tests use: two KITTI road scenes and an NYU room. */
export const realImages = [
  'kitti/metric3d_kitti_demo/rgb/0000000005.png',
  'kitti/metric3d_kitti_demo/rgb/0000000100.png',
  'nyu/metric3d_nyu_demo/rgb/rgb_00050.jpg',
];

export async function readRealImage(relative: string): Promise<RgbImage> {
  return readRgbImage(sharedData(...relative.split('/')));
}

/** RGB → RGBA, as a canvas's ImageData holds it. */
export function rgba(rgb: RgbImage): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(rgb.width * rgb.height * 4);
  for (let i = 0, j = 0; j < rgb.data.length; i += 4, j += 3) {
    data[i] = rgb.data[j];
    data[i + 1] = rgb.data[j + 1];
    data[i + 2] = rgb.data[j + 2];
    data[i + 3] = 255;
  }
  return { width: rgb.width, height: rgb.height, data };
}
