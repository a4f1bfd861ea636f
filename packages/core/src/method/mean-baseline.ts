import { defaultProtocolName, getProtocol, type ProtocolName } from '../eval/protocol.js';
import type { EvalReport } from '../eval/eval-report.js';
import { EvalReportBuilder } from '../eval/report-builder.js';
import type { DatasetSpec } from '../datasets/spec.js';
import { openSplit } from './dataset-split.js';

export interface MeanBaseline {
  /** Mean of every valid training GT depth (within the spec's caps), in metres. */
  meanDepth: number;
  trainPixels: number;
  /** That one number predicted everywhere, scored under the test protocol. */
  report: EvalReport;
}

/**
 * The mean baseline every learning test compares with: one number — the mean of all valid
 * training depths — predicted at every pixel of every test image, evaluated like a method.
 */
export async function meanBaseline(
  spec: DatasetSpec, dataDir: string, options: { protocol?: ProtocolName; trainSplit?: string; testSplit?: string } = {},
): Promise<MeanBaseline> {
  const train = await openSplit(spec, dataDir, options.trainSplit ?? 'train');
  let sum = 0;
  let count = 0;
  for (let i = 0; i < train.ids.length; i++) {
    const depth = (await train.read(i)).depth;
    if (!depth) continue;
    for (const d of depth.data) {
      if (d > spec.minDepth && d < spec.maxDepth) {
        sum += d;
        count++;
      }
    }
  }
  if (count === 0) throw new Error(`${train.listFile}: no valid training depth to average`);
  const meanDepth = sum / count;
  const test = await openSplit(spec, dataDir, options.testSplit ?? 'test');
  const builder = new EvalReportBuilder({ protocol: getProtocol(options.protocol ?? defaultProtocolName(spec)) });
  for (let i = 0; i < test.ids.length; i++) {
    const gt = (await test.read(i)).depth;
    if (!gt) throw new Error(`${test.listFile}: entry '${test.ids[i]}' has no ground truth`);
    builder.add(test.groundTruthPath(i), gt, { width: gt.width, height: gt.height, data: new Float32Array(gt.data.length).fill(meanDepth) });
  }
  return { meanDepth, trainPixels: count, report: builder.build() };
}
