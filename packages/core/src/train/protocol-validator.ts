import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Batch } from '../datasets/pipeline/batch.js';
import { evaluateImage, EvalScratch, type EvaluateOptions } from '../eval/evaluate-image.js';
import { getProtocol, type EvalProtocol, type ProtocolName } from '../eval/protocol.js';
import type { DepthMetrics } from '../metrics/depth-metrics.js';
import { MetricAccumulator } from '../metrics/metric-accumulator.js';

export interface ProtocolValidatorOptions extends Omit<EvaluateOptions, 'protocol'> {
  protocol: ProtocolName | EvalProtocol;
  /** Validation batches with depth, from the start each time (e.g. `() => valPipeline.batches()`). */
  data: () => AsyncIterable<Batch>;
  /** Metric depth [B, H, W, 1] from the images; default `model.apply(images)` in inference mode. */
  predict?: (model: tfl.LayersModel, images: tf.Tensor4D) => tf.Tensor4D;
}

/**
 * A `validate` for fit() that scores every validation image through core's evaluation protocol
 * (the same crop, caps, clamping and per-image averaging as `depthkit eval`), so validation
 * numbers during training are the ones the final evaluation will report.
 */
export function protocolValidator(options: ProtocolValidatorOptions): (model: tfl.LayersModel) => Promise<DepthMetrics> {
  const protocol = typeof options.protocol === 'string' ? getProtocol(options.protocol) : options.protocol;
  const evaluate: EvaluateOptions = { ...options, protocol };
  const predict = options.predict ?? ((model, images) => model.apply(images, { training: false }) as tf.Tensor4D);
  return async (model) => {
    const accumulator = new MetricAccumulator();
    const scratch = new EvalScratch();
    for await (const batch of options.data()) {
      try {
        if (!batch.depth) throw new Error('protocolValidator: a validation batch has no depth');
        const pred = tf.tidy(() => predict(model, batch.images));
        const [predData, gtData] = await Promise.all([pred.data() as Promise<Float32Array>, batch.depth.data() as Promise<Float32Array>]);
        pred.dispose();
        const [n, h, w] = batch.depth.shape;
        const [, ph, pw] = pred.shape;
        for (let b = 0; b < n; b++) {
          const gt = { width: w, height: h, data: gtData.subarray(b * h * w, (b + 1) * h * w) };
          const p = { width: pw, height: ph, data: predData.subarray(b * ph * pw, (b + 1) * ph * pw) };
          accumulator.add(evaluateImage(gt, p, evaluate, scratch, batch.meta.ids?.[b] ?? `image ${b}`));
        }
      } finally {
        batch.dispose();
      }
    }
    const mean = accumulator.mean();
    if (!mean) throw new Error('protocolValidator: no validation image had a valid depth pixel');
    return mean;
  };
}
