import {
  EvalReportBuilder, getProtocol, openSplit, predictSample,
  type DepthMap, type DepthMethod, type EvalReport, type MethodModel, type ProtocolName,
} from '@depthkit/core';
import type { BenchSuite } from './suites.js';

export interface ScoreOptions {
  suite: BenchSuite;
  dir: string;
  splitFile?: string;
  protocol: ProtocolName;
  /** Keep the predictions of the first this-many images (the report's qualitative grid). */
  keep: number;
  testSize?: [number, number];
  onImage?: (done: number, total: number) => void;
}

export interface Scored {
  report: EvalReport;
  /** Median ms per image, the first (warm-up) image excluded when there are others. */
  inferenceMs: number;
  kept: DepthMap[];
}

/** Predicts every image of the suite's test split with one model and scores it under the protocol. */
export async function scoreSplit<Config>(method: DepthMethod<Config>, built: MethodModel, config: Config, o: ScoreOptions): Promise<Scored> {
  const split = await openSplit(o.suite.dataset, o.dir, o.suite.split, { splitFile: o.splitFile });
  if (split.ids.length === 0) throw new Error(`${split.listFile}: the test split lists no images`);
  const builder = new EvalReportBuilder({ protocol: getProtocol(o.protocol), resize: true });
  const times: number[] = [];
  const kept: DepthMap[] = [];
  for (let i = 0; i < split.ids.length; i++) {
    const sample = await split.read(i);
    if (!sample.depth) throw new Error(`${split.listFile}: entry '${split.ids[i]}' has no ground truth`);
    const start = performance.now();
    // The camera reaches predict: a method trained on another camera corrects for its focal length.
    const pred = predictSample(method, built, config, sample.rgb, o.testSize, sample.intrinsics);
    times.push(performance.now() - start);
    builder.add(split.groundTruthPath(i), sample.depth, pred);
    if (i < o.keep) kept.push(pred);
    o.onImage?.(i + 1, split.ids.length);
  }
  return { report: builder.build(), inferenceMs: median(times.length > 1 ? times.slice(1) : times), kept };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
