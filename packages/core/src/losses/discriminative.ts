import * as tf from '@tensorflow/tfjs-core';

export interface DiscriminativeLossOptions {
  /** Pull margin δ_v: embeddings closer than this to their centre cost nothing. */
  deltaV: number;
  /** Push margin: centres farther apart than this cost nothing (De Brabandere's 2δ_d). */
  deltaD: number;
  distance?: 'l1' | 'l2';
  /** Weights of the pull, push and regularisation terms. Defaults 1, 1, 0.001 (the paper's). */
  alpha?: number;
  beta?: number;
  gamma?: number;
  /** A label that belongs to no cluster (e.g. unlabelled pixels). */
  ignoreLabel?: number;
}

export interface DiscriminativeLossTerms {
  loss: tf.Scalar;
  pull: tf.Scalar;
  push: tf.Scalar;
  regularisation: tf.Scalar;
}

function norm(x: tf.Tensor, distance: 'l1' | 'l2'): tf.Tensor {
  // The epsilon keeps sqrt's gradient finite for an embedding sitting on its centre.
  return distance === 'l1' ? tf.sum(tf.abs(x), -1) : tf.sqrt(tf.add(tf.sum(tf.square(x), -1), 1e-12));
}

/** Cluster ids of one image remapped to 0…C−1; ignored pixels get id C (a discarded segment). */
function compactIds(labels: Int32Array, ignoreLabel: number | undefined) {
  const index = new Map<number, number>();
  const ids = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l === ignoreLabel) continue;
    if (!index.has(l)) index.set(l, index.size);
  }
  const counts = new Float32Array(index.size);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] === ignoreLabel ? index.size : index.get(labels[i])!;
    ids[i] = c;
    if (c < index.size) counts[c]++;
  }
  return { ids, counts, clusters: index.size };
}

function imageTerms(embedding: tf.Tensor2D, labels: Int32Array, o: Required<Omit<DiscriminativeLossOptions, 'ignoreLabel'>> & { ignoreLabel?: number }) {
  const { ids, counts, clusters } = compactIds(labels, o.ignoreLabel);
  if (clusters === 0) return [tf.scalar(0), tf.scalar(0), tf.scalar(0)];
  const idTensor = tf.tensor1d(ids, 'int32');
  const countTensor = tf.tensor2d(counts, [clusters, 1]);
  const centres = tf.div(tf.slice(tf.unsortedSegmentSum(embedding, idTensor, clusters + 1), [0, 0], [clusters, -1]), countTensor);
  const keep = tf.tensor1d(Float32Array.from(ids, (c) => (c < clusters ? 1 : 0)));
  const ownCentre = tf.gather(tf.concat([centres, tf.zerosLike(tf.slice(centres, [0, 0], [1, -1]))]), idTensor);
  const spread = tf.mul(tf.square(tf.relu(tf.sub(norm(tf.sub(ownCentre, embedding), o.distance), o.deltaV))), keep);
  const perCluster = tf.div(tf.slice(tf.unsortedSegmentSum(spread, idTensor, clusters + 1), [0], [clusters]), tf.reshape(countTensor, [clusters]));
  const pull = tf.mean(perCluster);
  let push: tf.Tensor = tf.scalar(0);
  if (clusters > 1) {
    const pairwise = norm(tf.sub(tf.expandDims(centres, 1), tf.expandDims(centres, 0)), o.distance);
    const offDiagonal = tf.sub(1, tf.eye(clusters));
    const hinge = tf.mul(tf.square(tf.relu(tf.sub(o.deltaD, pairwise))), offDiagonal);
    push = tf.div(tf.sum(hinge), clusters * (clusters - 1));
  }
  const regularisation = tf.mean(norm(centres, o.distance));
  return [pull, push, regularisation];
}

/**
 * De Brabandere et al.'s discriminative loss: embeddings of a cluster are pulled within δ_v of
 * their mean, cluster means pushed apart beyond the push margin, means kept small.
 * `embeddings` [B, H, W, E]; `labels` [B, H, W] integer cluster ids (any values).
 */
export function discriminativeLoss(embeddings: tf.Tensor4D, labels: tf.Tensor, options: DiscriminativeLossOptions): DiscriminativeLossTerms {
  const o = { distance: 'l2' as const, alpha: 1, beta: 1, gamma: 0.001, ...options };
  const [batch, h, w, e] = embeddings.shape;
  const labelValues = tf.tidy(() => tf.cast(labels, 'int32').dataSync() as Int32Array);
  return tf.tidy(() => {
    const terms = Array.from({ length: batch }, (_, b) => {
      const embedding = tf.reshape(tf.slice(embeddings, [b, 0, 0, 0], [1, h, w, e]), [h * w, e]) as tf.Tensor2D;
      return imageTerms(embedding, labelValues.subarray(b * h * w, (b + 1) * h * w), o);
    });
    const mean = (k: number) => tf.div(tf.addN(terms.map((t) => t[k])), batch) as tf.Scalar;
    const [pull, push, regularisation] = [mean(0), mean(1), mean(2)];
    const loss = tf.addN([tf.mul(o.alpha, pull), tf.mul(o.beta, push), tf.mul(o.gamma, regularisation)]) as tf.Scalar;
    return { loss, pull, push, regularisation };
  });
}
