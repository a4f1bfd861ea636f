import path from 'node:path';
import { readdir, stat } from 'node:fs/promises';
import {
  encodeNpyDepth, loadMethodModel, ownImageDepthScale, predictSample, readRgbImage, writeDepthColourPng, writeDepthPng,
  writeFileAtomic, zeroPadSample, type DepthMap, type LoadedMethodModel, type RgbImage,
} from '@depthkit/core';
import type { DsSidenetConfig } from '../config.js';
import { dsSidenet } from '../method.js';
import { coarseFrames } from './train-robust.js';
import { defaultCoarseRouterOptions, routeByCoarseDepth, type CoarseRouterOptions, type DepthRange } from './coarse-router.js';
import { paperTopK, routeByScene, type SceneClassifier } from './scene-router.js';

export type RobustRouter =
  | ({ kind: 'cde'; coarse: LoadedMethodModel<DsSidenetConfig> } & CoarseRouterOptions)
  | { kind: 'sc'; classifier: SceneClassifier; table: Record<string, DepthRange>; topK?: number };

export interface RouteRecord {
  image: string;
  range: DepthRange;
  /** The model folder of the network that produced the depth. */
  network: string;
  /** cde: the coarse network's d_max and σ; sc: the votes and the top-K labels. */
  maxDepth?: number;
  sigma?: number;
  votes?: { low: number; high: number };
  top?: string[];
}

export function routeImage(router: RobustRouter, rgb: RgbImage): Omit<RouteRecord, 'image' | 'network'> {
  if (router.kind === 'cde') {
    const { range, maxDepth } = routeByCoarseDepth(router.coarse.built, router.coarse.config, rgb, router);
    return { range, maxDepth, sigma: router.sigma };
  }
  const { range, votes, top } = routeByScene(router.classifier, router.table, rgb, router.topK ?? paperTopK);
  return { range, votes, top };
}

/**
 * The high-range network saw 1248×384 zero-padded frames (§5.1): a smaller image is padded the
 * same way (bottom, centred), predicted, and cropped back; a larger one is predicted as it is.
 */
function predictHighRange(net: LoadedMethodModel<DsSidenetConfig>, rgb: RgbImage): DepthMap {
  const [h, w] = coarseFrames.kittiPadded;
  if (rgb.height > h || rgb.width > w) return predictSample(dsSidenet, net.built, net.config, rgb);
  const padded = zeroPadSample({ id: 'input', rgb }, h, w).rgb;
  const depth = predictSample(dsSidenet, net.built, net.config, padded);
  const top = h - rgb.height;
  const left = Math.floor((w - rgb.width) / 2);
  const data = new Float32Array(rgb.width * rgb.height);
  for (let y = 0; y < rgb.height; y++) data.set(depth.data.subarray((top + y) * w + left, (top + y) * w + left + rgb.width), y * rgb.width);
  return { width: rgb.width, height: rgb.height, data };
}

async function listImages(input: string): Promise<string[]> {
  const info = await stat(input).catch(() => null);
  if (!info) throw new Error(`${input}: no such image or folder`);
  if (info.isFile()) return [input];
  const files = (await readdir(input)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`${input}: no .png/.jpg images in the folder`);
  return files.map((f) => path.join(input, f));
}

export interface PredictRobustOptions {
  input: string;
  outDir: string;
  router: RobustRouter;
  /** Trained ds-sidenet model folders: the low-range (e.g. preset nyu) and high-range (kitti) networks. */
  lowModelDir: string;
  highModelDir: string;
  onImage?: (record: RouteRecord) => void;
}

/**
 * Fig. 2: routes every image to the low- or high-range network and writes its depth as
 * `predict` does (depth/, npy/, colour/), plus `routes.json` recording each image's range,
 * the network it used and the router's evidence.
 */
export async function predictRobust(o: PredictRobustOptions): Promise<RouteRecord[]> {
  const low = await loadMethodModel(dsSidenet, o.lowModelDir);
  const high = await loadMethodModel(dsSidenet, o.highModelDir);
  const records: RouteRecord[] = [];
  try {
    for (const file of await listImages(o.input)) {
      const rgb = await readRgbImage(file);
      const decision = routeImage(o.router, rgb);
      const depth = decision.range === 'low' ? predictSample(dsSidenet, low.built, low.config, rgb) : predictHighRange(high, rgb);
      const stem = path.basename(file).replace(/\.[^./]+$/, '');
      await writeDepthPng(path.join(o.outDir, 'depth', `${stem}.png`), depth, ownImageDepthScale);
      await writeFileAtomic(path.join(o.outDir, 'npy', `${stem}.npy`), encodeNpyDepth(depth));
      await writeDepthColourPng(path.join(o.outDir, 'colour', `${stem}.png`), depth);
      const record: RouteRecord = { image: file, ...decision, network: path.resolve(decision.range === 'low' ? o.lowModelDir : o.highModelDir) };
      records.push(record);
      o.onImage?.(record);
    }
  } finally {
    low.built.model.dispose();
    high.built.model.dispose();
  }
  await writeFileAtomic(path.join(o.outDir, 'routes.json'), `${JSON.stringify(records, null, 2)}\n`);
  return records;
}

export { defaultCoarseRouterOptions };
