import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { readFile } from 'node:fs/promises';
import { imagesToTensor, loadLayersModelFromDir, registerCoreLayers, type RgbImage } from '@depthkit/core';
import type { DepthRange } from './coarse-router.js';

/**
 * Any scene classifier: scores [B, labels.length] (logits or probabilities; only their order
 * matters) for ImageNet-normalised RGB at `inputSize` [height, width].
 */
export interface SceneClassifier {
  labels: string[];
  inputSize: [number, number];
  scores(images: tf.Tensor4D): tf.Tensor2D;
}

/** The paper's vote: the top-15 Places-365 categories. */
export const paperTopK = 15;

export interface SceneDecision {
  range: DepthRange;
  votes: { low: number; high: number };
  top: string[];
}

/**
 * §3's "sc" router: the top-K scene labels vote with their range from the user's table; more
 * than K/2 low votes → low depth range, else high.
 */
export function routeByScene(classifier: SceneClassifier, table: Record<string, DepthRange>, rgb: RgbImage, topK = paperTopK): SceneDecision {
  const k = Math.min(topK, classifier.labels.length);
  const indices = tf.tidy(() => {
    const images = tf.image.resizeBilinear(imagesToTensor([rgb]), classifier.inputSize, false, true);
    const scores = classifier.scores(images);
    if (scores.shape[1] !== classifier.labels.length) {
      throw new Error(`scene classifier: ${scores.shape[1]} scores per image but ${classifier.labels.length} labels`);
    }
    return Array.from(tf.topk(scores, k).indices.dataSync());
  });
  const top = indices.map((i) => classifier.labels[i]);
  const votes = { low: 0, high: 0 };
  for (const label of top) {
    const range = table[label];
    if (range == null) throw new Error(`scene router: label '${label}' has no entry in the scene → range table`);
    votes[range]++;
  }
  return { range: votes.low > k / 2 ? 'low' : 'high', votes, top };
}

/**
 * Labels, one per line; a line's first whitespace-separated token is the label, so Places-365's
 * categories_places365.txt ("/a/airfield 0") works as it is.
 */
export async function readLabels(file: string): Promise<string[]> {
  const labels = (await readFile(file, 'utf8')).split(/\r?\n/).map((l) => l.trim().split(/\s+/)[0]).filter((l) => l.length > 0);
  if (labels.length === 0) throw new Error(`${file}: expected one label per line, found none`);
  return labels;
}

/** The scene → range table: a JSON object {"<label>": "low" | "high"} covering every label. */
export async function readSceneRangeTable(file: string, labels: string[]): Promise<Record<string, DepthRange>> {
  let table: Record<string, unknown>;
  try {
    table = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: expected a JSON object {"<scene label>": "low" | "high"} (${error instanceof Error ? error.message : String(error)})`);
  }
  const bad = Object.entries(table).filter(([, v]) => v !== 'low' && v !== 'high');
  if (bad.length > 0) throw new Error(`${file}: ranges must be "low" or "high"; found ${bad.slice(0, 3).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}`);
  const missing = labels.filter((l) => !(l in table));
  if (missing.length > 0) {
    throw new Error(`${file}: ${missing.length} of the classifier's ${labels.length} labels have no range, e.g. ${missing.slice(0, 5).join(', ')}`);
  }
  return table as Record<string, DepthRange>;
}

/** A tfjs layers model folder (model.json + weights) as a SceneClassifier. */
export async function loadSceneClassifier(modelDir: string, labelsFile: string, inputSize: [number, number] = [224, 224]): Promise<SceneClassifier & { model: tfl.LayersModel }> {
  registerCoreLayers();
  const labels = await readLabels(labelsFile);
  const { model } = await loadLayersModelFromDir(modelDir);
  return { model, labels, inputSize, scores: (images) => tf.tidy(() => tf.reshape(model.predict(images) as tf.Tensor, [images.shape[0], -1]) as tf.Tensor2D) };
}

/** What the CLI says when the scene-classification router is asked for without a classifier. */
export const noClassifierMessage =
  'the scene-classification router needs a classifier: pass --classifier <tfjs layers model folder>, --labels <one label per line> and --scene-ranges <JSON {label: "low"|"high"}>. '
  + 'depthkit ships none (the paper uses Places-365 WideResNet-18; the README says how to convert it). Use --router cde with a coarse network instead.';
