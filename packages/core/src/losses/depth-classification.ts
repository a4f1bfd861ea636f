import * as tf from '@tensorflow/tfjs-core';
import { depthToBin, type Discretisation } from '../tensor/depth-discretisation.js';
import { maskedMean } from './masking.js';
import { smoothL1Loss } from './masked-l1.js';

/** 1 where a class label is a real class (labels < 0 mean "ignore"). */
function labelMask(labels: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greaterEqual(labels, 0), 'float32');
}

function oneHotLabels(labels: tf.Tensor, classes: number): tf.Tensor {
  const flat = tf.reshape(tf.clipByValue(tf.cast(labels, 'int32'), 0, classes - 1), [-1]);
  return tf.reshape(tf.oneHot(flat, classes), [...labels.shape, classes]);
}

/**
 * Softmax cross-entropy of `logits` (…, K) against int `labels` (…), averaged over pixels whose
 * label is ≥ 0; labels < 0 (invalid or out-of-range depth) are ignored.
 */
export function crossEntropyWithIgnore(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const classes = logits.shape[logits.shape.length - 1];
  return tf.tidy(() => {
    const nll = tf.neg(tf.sum(tf.mul(tf.logSoftmax(logits), oneHotLabels(labels, classes)), -1));
    return maskedMean(nll, labelMask(labels));
  });
}

/** Cross-entropy against the SID/UD bin of the GT depth (DeepLab-SID, DORN-style classification). */
export function depthClassificationLoss(logits: tf.Tensor, depth: tf.Tensor, discretisation: Discretisation): tf.Scalar {
  return tf.tidy(() => {
    const labels = depthToBin(tf.squeeze(depth, [depth.rank - 1]), discretisation);
    return crossEntropyWithIgnore(logits, labels);
  });
}

/**
 * DORN's ordinal regression loss. `logits` (…, K) give P(label > k) = σ(z_k) for each threshold
 * k (DORN's paired-softmax output is the same model: softmax over (a, b) is σ(b − a)); the
 * target is 1 for k < label and 0 from it on. Summed over thresholds, averaged over valid pixels.
 */
export function ordinalLoss(logits: tf.Tensor, labels: tf.Tensor): tf.Scalar {
  const thresholds = logits.shape[logits.shape.length - 1];
  return tf.tidy(() => {
    const k = tf.range(0, thresholds, 1, 'int32');
    const above = tf.cast(tf.less(k, tf.expandDims(tf.cast(labels, 'int32'), -1)), 'float32');
    // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = softplus(z) − t·z, stable for any z.
    const perThreshold = tf.sub(tf.softplus(logits), tf.mul(above, logits));
    return maskedMean(tf.sum(perThreshold, -1), labelMask(labels));
  });
}

/** The expected class index Σ_j j·p_j of a softmax over the last axis. */
export function expectedClass(logits: tf.Tensor): tf.Tensor {
  const classes = logits.shape[logits.shape.length - 1];
  return tf.tidy(() => tf.sum(tf.mul(tf.softmax(logits), tf.range(0, classes, 1, 'float32')), -1));
}

export interface SoftClassificationOptions {
  /** Smooth-L1 transition, in bins. Default 1. */
  beta?: number;
}

/**
 * Soft classification (DS-SIDENet eq. 2): smooth-L1 between the expected bin Σ_j j·p_j and the
 * GT bin, over pixels whose label is ≥ 0. Unlike cross-entropy it knows that neighbouring bins
 * are close.
 */
export function softClassificationLoss(logits: tf.Tensor, labels: tf.Tensor, options: SoftClassificationOptions = {}): tf.Scalar {
  return tf.tidy(() => smoothL1Loss(expectedClass(logits), tf.cast(labels, 'float32'), { beta: options.beta, mask: labelMask(labels) }));
}
