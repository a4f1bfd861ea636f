import * as tf from '@tensorflow/tfjs-core';
import { getProtocol, defaultProtocolName, type ProtocolName } from '../eval/protocol.js';
import type { EvalReport } from '../eval/eval-report.js';
import type { EvaluateOptions } from '../eval/evaluate-image.js';
import { EvalReportBuilder } from '../eval/report-builder.js';
import type { DatasetSpec, Intrinsics } from '../datasets/spec.js';
import type { DepthMap } from '../io/image-types.js';
import { openSplit, type OpenedSplit } from './dataset-split.js';
import type { DepthMethod, MethodModel, MethodPreset } from './depth-method.js';
import { imagesToTensor } from './image-batch.js';
import { dataDirOf, loadMethodModel } from './model-files.js';
import { predictDepth } from './predict-depth.js';
import { presetOf } from './train-method.js';

export interface EvaluateMethodOptions<Config> extends Omit<EvaluateOptions, 'protocol'> {
  method: DepthMethod<Config>;
  modelDir: string;
  /** Default: the data the model was trained on. */
  dataDir?: string;
  split?: string;
  splitFile?: string;
  /** How to read the data folder; default: see `evaluationDataset`. */
  dataset?: DatasetSpec;
  /** Default: the dataset spec's (KITTI: kitti-garg). */
  protocol?: ProtocolName;
  onImage?: (done: number, total: number, id: string) => void;
}

/**
 * The dataset a command reads a folder as: `given`, else the preset's test dataset when the user
 * named a folder, else (the model's own training data) the training dataset.
 */
export function evaluationDataset(preset: MethodPreset<unknown>, dataDir: string | undefined, given?: DatasetSpec): DatasetSpec {
  return given ?? (dataDir != null ? preset.testDataset ?? preset.dataset : preset.dataset);
}

/** Intrinsics of an image resized from `from` [w, h] to `to` [h, w] (whole frame, no crop). */
export function resizedIntrinsics(k: Intrinsics, from: { width: number; height: number }, to: [number, number]): Intrinsics {
  const sx = to[1] / from.width;
  const sy = to[0] / from.height;
  return { fx: k.fx * sx, fy: k.fy * sy, cx: k.cx * sx, cy: k.cy * sy };
}

/**
 * Predicts depth for one sample's image at the preset's test size and returns it at GT size.
 * The camera's intrinsics, when known, reach the method's predict scaled to the network input.
 */
export function predictSample<Config>(
  method: DepthMethod<Config>, built: MethodModel, config: Config, rgb: { width: number; height: number; data: Uint8Array },
  testSize?: [number, number], intrinsics?: Intrinsics,
): DepthMap {
  const depth = tf.tidy(() => {
    let images = imagesToTensor([rgb]);
    if (testSize) images = tf.image.resizeBilinear(images, testSize, false, true);
    const context = intrinsics ? { intrinsics: testSize ? resizedIntrinsics(intrinsics, rgb, testSize) : intrinsics } : undefined;
    let pred = predictDepth(method, built, images, config, context);
    if (testSize) pred = tf.image.resizeBilinear(pred, [rgb.height, rgb.width], false, true);
    return pred;
  });
  const data = depth.dataSync() as Float32Array;
  depth.dispose();
  return { width: rgb.width, height: rgb.height, data };
}

/** `<method> eval`: the same report as `depthkit eval`, from a trained model and a dataset split. */
export async function evaluateMethod<Config>(o: EvaluateMethodOptions<Config>): Promise<EvalReport> {
  const { built, config, metadata } = await loadMethodModel(o.method, o.modelDir);
  try {
    const preset = presetOf(o.method, metadata.preset);
    const dataset = evaluationDataset(preset as MethodPreset<unknown>, o.dataDir, o.dataset);
    const split: OpenedSplit = await openSplit(dataset, dataDirOf(o.dataDir, metadata, o.modelDir), o.split ?? 'test', { splitFile: o.splitFile });
    const protocol = getProtocol(o.protocol ?? defaultProtocolName(dataset));
    const builder = new EvalReportBuilder({ ...o, protocol, resize: true });
    for (let i = 0; i < split.ids.length; i++) {
      const sample = await split.read(i);
      if (!sample.depth) throw new Error(`${split.listFile}: entry '${split.ids[i]}' has no ground truth`);
      builder.add(split.groundTruthPath(i), sample.depth, predictSample(o.method, built, config, sample.rgb, preset.training.testSize, sample.intrinsics));
      o.onImage?.(i + 1, split.ids.length, split.ids[i]);
    }
    return builder.build();
  } finally {
    built.model.dispose();
  }
}
