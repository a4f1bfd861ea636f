import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * FusedBatchNorm's gradient with broadcasting instead of tfjs's `tile` of the per-channel
 * factors to the full activation shape: the same arithmetic, but the wasm Tile kernel alone
 * cost ~15% of a conv net's train step.
 */
export const batchNormGradConfig: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as { varianceEpsilon: number };
    const [x, mean, variance, scale] = saved as Tensor[];
    const g = dy as Tensor;
    const scaleValue = scale ?? tf.scalar(1);
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: Tensor, shape: number[]) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, shape);
    const invStd = tf.rsqrt(tf.add(variance, tf.scalar(varianceEpsilon)));
    const xMinusMean = () => tf.sub(x, mean);
    const dyTimesScale = () => tf.mul(g, scaleValue);
    return {
      x: () => tf.mul(g, tf.mul(invStd, scaleValue)),
      mean: () => tf.neg(reduce(tf.mul(dyTimesScale(), invStd), mean.shape)),
      variance: () => {
        const minusHalfRCube = tf.mul(tf.pow(invStd, 3), tf.scalar(-0.5));
        return reduce(tf.mul(tf.mul(dyTimesScale(), xMinusMean()), minusHalfRCube), mean.shape);
      },
      scale: () => reduce(tf.mul(tf.mul(xMinusMean(), invStd), g), mean.shape),
      offset: () => reduce(g, mean.shape),
    };
  },
};
