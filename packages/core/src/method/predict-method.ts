import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { encodeNpyDepth } from '../eval/encode-npy.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { writeDepthColourPng } from '../io/depth-visual.js';
import { writeDepthPng } from '../io/depth-png.js';
import type { DatasetSpec } from '../datasets/spec.js';
import type { DepthMap } from '../io/image-types.js';
import { defaultMaxPixels, readRgbImage, readRgbImageHeader } from '../io/read-image.js';
import { openSplit } from './dataset-split.js';
import type { DepthMethod, MethodPreset } from './depth-method.js';
import { evaluationDataset, predictSample } from './evaluate-method.js';
import { dataDirOf, loadMethodModel } from './model-files.js';
import { presetOf } from './train-method.js';

/** PNG scale for a user's own images (no dataset spec applies): KITTI's, ×256, documented in the README. */
export const ownImageDepthScale = 256;

export interface PredictMethodOptions<Config> {
  method: DepthMethod<Config>;
  modelDir: string;
  outDir: string;
  /** A dataset folder and split (outputs named by the GT's relative path) … */
  dataDir?: string;
  split?: string;
  splitFile?: string;
  /** How to read the data folder; default: see `evaluationDataset`. */
  dataset?: DatasetSpec;
  /** … or image files and/or folders of images. */
  input?: string | string[];
  /** Images above this many pixels are refused from their header, before decoding (default 16 megapixels). */
  maxPixels?: number;
  onImage?: (done: number, total: number, id: string) => void;
}

export interface PredictedFile {
  id: string;
  /** Relative to outDir: depth/<rel>.png (dataset scale), npy/<rel>.npy (metres), colour/<rel>.png. */
  relative: string;
}

/** Writes one prediction in the three forms; a folder holding both .npy and .png of a stem would be ambiguous to `depthkit eval`, hence the sub-folders. */
async function writePrediction(outDir: string, relative: string, depth: DepthMap, depthScale: number): Promise<void> {
  const stem = outputStem(relative);
  await writeDepthPng(path.join(outDir, 'depth', `${stem}.png`), depth, depthScale);
  await writeFileAtomic(path.join(outDir, 'npy', `${stem}.npy`), encodeNpyDepth(depth));
  await writeDepthColourPng(path.join(outDir, 'colour', `${stem}.png`), depth);
}

async function listImages(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => null);
  if (!info) throw new Error(`--input ${input}: no such image or folder`);
  if (info.isFile()) return [input];
  const files = (await readdir(input)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`--input ${input}: expected .png/.jpg images in the folder, found none`);
  return files.map((f) => path.join(input, f));
}

/** The output stem each input writes (`depth/<stem>.png`, …): the file name without its extension. */
function outputStem(relative: string): string {
  return relative.replace(/\.[^./]+$/, '');
}

/** Fails, before any work, when two inputs would write one output (a.png and a.jpg both write depth/a.png). */
export function assertDistinctOutputs(files: readonly string[], relativeOf: (file: string) => string): void {
  const byStem = new Map<string, string[]>();
  for (const file of files) {
    const stem = outputStem(relativeOf(file));
    byStem.set(stem, [...(byStem.get(stem) ?? []), file]);
  }
  const clashes = [...byStem].filter(([, inputs]) => inputs.length > 1);
  if (clashes.length > 0) {
    const listed = clashes.slice(0, 5).map(([stem, inputs]) => `${inputs.join(' and ')} would all write depth/${stem}.png`).join('; ');
    throw new Error(`--input: expected each input to have its own output name, found ${clashes.length} clash${clashes.length === 1 ? '' : 'es'}: ${listed}; rename one or predict them in separate runs (nothing was written)`);
  }
}

/** Every input image, checked before the model is loaded: each is a PNG/JPEG within `maxPixels`, and no two share an output name. */
async function listInputImages(inputs: readonly string[], maxPixels: number): Promise<string[]> {
  const files = (await Promise.all(inputs.map(listImages))).flat();
  for (const file of files) await readRgbImageHeader(file, { maxPixels });
  assertDistinctOutputs(files, (file) => path.basename(file));
  return files;
}

/** `<method> predict`: metric depth for a dataset split or for the user's own images. */
export async function predictWithMethod<Config>(o: PredictMethodOptions<Config>): Promise<PredictedFile[]> {
  const maxPixels = o.maxPixels ?? defaultMaxPixels;
  const inputs = o.input == null ? null : await listInputImages(typeof o.input === 'string' ? [o.input] : o.input, maxPixels);
  const { built, config, metadata } = await loadMethodModel(o.method, o.modelDir);
  const preset = presetOf(o.method, metadata.preset);
  const written: PredictedFile[] = [];
  try {
    if (inputs == null) {
      const dataset = evaluationDataset(preset as MethodPreset<unknown>, o.dataDir, o.dataset);
      const split = await openSplit(dataset, dataDirOf(o.dataDir, metadata, o.modelDir), o.split ?? 'test', { splitFile: o.splitFile });
      for (let i = 0; i < split.ids.length; i++) {
        const sample = await split.read(i);
        const relative = split.groundTruthPath(i);
        await writePrediction(o.outDir, relative, predictSample(o.method, built, config, sample.rgb, preset.training.testSize, sample.intrinsics), dataset.depthScale);
        written.push({ id: split.ids[i], relative });
        o.onImage?.(i + 1, split.ids.length, split.ids[i]);
      }
    } else {
      const files = inputs ?? [];
      for (const [i, file] of files.entries()) {
        const rgb = await readRgbImage(file, { maxPixels });
        const relative = path.basename(file);
        await writePrediction(o.outDir, relative, predictSample(o.method, built, config, rgb, preset.training.testSize), ownImageDepthScale);
        written.push({ id: file, relative });
        o.onImage?.(i + 1, files.length, file);
      }
    }
  } finally {
    built.model.dispose();
  }
  return written;
}
