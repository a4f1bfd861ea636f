import { getProtocol, defaultProtocolName, type ProtocolName } from '../eval/protocol.js';
import type { EvalReport } from '../eval/eval-report.js';
import type { EvaluateOptions } from '../eval/evaluate-image.js';
import { EvalReportBuilder } from '../eval/report-builder.js';
import type { DatasetSpec } from '../datasets/spec.js';
import { openSplit, type OpenedSplit } from './dataset-split.js';
import type { DepthMethod, MethodModel, MethodPreset } from './depth-method.js';
import { dataDirOf, loadMethodModel } from './model-files.js';
import { predictSample } from './predict-sample.js';
import { presetOf } from './train-method.js';

export { predictSample, resizedIntrinsics } from './predict-sample.js';

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
