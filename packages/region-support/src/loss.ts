import * as tf from '@tensorflow/tfjs-core';
import { berHuLoss, discriminativeLoss, validMask, type LossResult, type TrainBatch } from '@depthkit/core/web';
import type { RegionSupportConfig } from './config.js';
import { outputIndex } from './model/region-support-network.js';
import { depthBand, regionLabelsFromInstances } from './region-labels.js';

function l1(a: Float32Array, ai: number, b: Float64Array, bi: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += Math.abs(a[ai + k] - b[bi + k]);
  return s;
}

/**
 * δ_c of §3.1.3 for every region of `ids` (−1 = none): the mean L1 distance of its embeddings to
 * its mean. Returns their sum and count (δ_v's update uses the mean over regions).
 */
export function regionSpreads(embedding: Float32Array, ids: Int32Array, dim: number): { sum: number; regions: number } {
  const count = new Map<number, number>();
  for (const id of ids) if (id >= 0) count.set(id, (count.get(id) ?? 0) + 1);
  const keys = [...count.keys()];
  const slot = new Map(keys.map((k, i) => [k, i]));
  const means = new Float64Array(keys.length * dim);
  ids.forEach((id, p) => {
    if (id < 0) return;
    const s = slot.get(id)!;
    for (let k = 0; k < dim; k++) means[s * dim + k] += embedding[p * dim + k];
  });
  keys.forEach((k, s) => {
    for (let j = 0; j < dim; j++) means[s * dim + j] /= count.get(k)!;
  });
  const distance = new Float64Array(keys.length);
  ids.forEach((id, p) => {
    if (id >= 0) distance[slot.get(id)!] += l1(embedding, p * dim, means, slot.get(id)! * dim, dim);
  });
  let sum = 0;
  keys.forEach((k, s) => {
    sum += distance[s] / count.get(k)!;
  });
  return { sum, regions: keys.length };
}

/** What eqs. 3–5 need of one image, decided on the host: who is right, who is wrong, where. */
export interface RightWrongSplit {
  regions: number;
  /** Per pixel: its region, or `regions` (a discarded segment). */
  all: Int32Array;
  /** Pixels whose depth is within δ_d of their region's mean depth / those beyond. */
  right: Int32Array;
  wrong: Int32Array;
  /** Pixels averaged into μ_r: the right ones (all of a region's pixels if none is right). */
  centre: Int32Array;
  rightCount: Float32Array;
  wrongCount: Float32Array;
}

/** §3.1.3: each region's mean depth; a pixel farther than δ_d from it is in the wrong region. */
export function splitRightWrong(regions: Int32Array, depth: Float32Array, mask: Float32Array, divisor: number): RightWrongSplit {
  const valid = (i: number) => regions[i] >= 0 && mask[i] > 0 && depth[i] > 0;
  const deltaD = depthBand(depth, (i) => mask[i] > 0 && depth[i] > 0, divisor);
  let r = 0;
  for (let i = 0; i < regions.length; i++) if (valid(i)) r = Math.max(r, regions[i] + 1);
  const sum = new Float64Array(r);
  const n = new Float64Array(r);
  for (let i = 0; i < regions.length; i++) {
    if (!valid(i)) continue;
    sum[regions[i]] += depth[i];
    n[regions[i]]++;
  }
  const split: RightWrongSplit = {
    regions: r,
    all: new Int32Array(regions.length).fill(r),
    right: new Int32Array(regions.length).fill(r),
    wrong: new Int32Array(regions.length).fill(r),
    centre: new Int32Array(regions.length).fill(r),
    rightCount: new Float32Array(r),
    wrongCount: new Float32Array(r),
  };
  for (let i = 0; i < regions.length; i++) {
    if (!valid(i)) continue;
    const c = regions[i];
    split.all[i] = c;
    const isRight = Math.abs(depth[i] - sum[c] / n[c]) <= deltaD;
    (isRight ? split.right : split.wrong)[i] = c;
    (isRight ? split.rightCount : split.wrongCount)[c]++;
  }
  for (let i = 0; i < regions.length; i++) {
    const c = split.all[i];
    if (c < r && (split.right[i] === c || split.rightCount[c] === 0)) split.centre[i] = c;
  }
  return split;
}

/** Mean over the regions that have members of each region's mean of `values` over its members. */
function meanOfRegionMeans(values: tf.Tensor1D, segments: Int32Array, counts: Float32Array): tf.Scalar {
  const present = counts.reduce((s, c) => s + (c > 0 ? 1 : 0), 0);
  if (present === 0) return tf.scalar(0);
  const r = counts.length;
  const sums = tf.slice(tf.unsortedSegmentSum(values, tf.tensor1d(segments, 'int32'), r + 1), [0], [r]);
  return tf.div(tf.sum(tf.div(sums, tf.tensor1d(counts.map((c) => Math.max(c, 1))))), present) as tf.Scalar;
}

/** Eqs. 3–5 for one image: embeddings [P, E]; μ_r from the right pixels; L_r + L_w. */
export function rightWrongImageLoss(embedding: tf.Tensor2D, split: RightWrongSplit, deltaV: number, pushMargin: number): tf.Scalar {
  return tf.tidy(() => {
    if (split.regions === 0) return tf.scalar(0);
    const r = split.regions;
    const centreIds = tf.tensor1d(split.centre, 'int32');
    const centreCount = new Float32Array(r + 1);
    for (const c of split.centre) centreCount[c]++;
    const centres = tf.div(tf.unsortedSegmentSum(embedding, centreIds, r + 1), tf.tensor2d(centreCount.map((c) => Math.max(c, 1)), [r + 1, 1]));
    const own = tf.gather(centres, tf.tensor1d(split.all, 'int32'));
    const distance = tf.sum(tf.abs(tf.sub(embedding, own)), 1) as tf.Tensor1D;
    const pull = tf.square(tf.relu(tf.sub(distance, deltaV))) as tf.Tensor1D;
    const push = tf.square(tf.relu(tf.sub(pushMargin * deltaV, distance))) as tf.Tensor1D;
    return tf.add(meanOfRegionMeans(pull, split.right, split.rightCount), meanOfRegionMeans(push, split.wrong, split.wrongCount)) as tf.Scalar;
  });
}

interface ClusterTerms {
  loss: tf.Scalar;
  spreadSum: number;
  spreadRegions: number;
}

function hostValues(t: tf.Tensor): Float32Array {
  return t.dataSync() as Float32Array;
}

function imageSlice(t: tf.Tensor4D, b: number): tf.Tensor2D {
  const [, h, w, c] = t.shape;
  return tf.reshape(tf.slice(t, [b, 0, 0, 0], [1, h, w, c]), [h * w, c]);
}

/** Eqs. 1–2 on region labels made from the batch's instance maps (split into depth bands). */
function supervisedClusterLoss(embedding: tf.Tensor4D, batch: TrainBatch, mask: Float32Array, deltaV: number, c: RegionSupportConfig): ClusterTerms {
  const [b, h, w, e] = embedding.shape;
  const p = h * w;
  const depth = hostValues(batch.depth);
  const instances = batch.instances!.dataSync() as Int32Array;
  const labels = new Int32Array(b * p);
  for (let i = 0; i < b; i++) {
    labels.set(regionLabelsFromInstances(instances.subarray(i * p, (i + 1) * p), depth.subarray(i * p, (i + 1) * p), mask.subarray(i * p, (i + 1) * p), c.depthRangeDivisor, c.bandWidth), i * p);
  }
  const values = hostValues(embedding);
  let spreadSum = 0;
  let spreadRegions = 0;
  for (let i = 0; i < b; i++) {
    const s = regionSpreads(values.subarray(i * p * e, (i + 1) * p * e), labels.subarray(i * p, (i + 1) * p), e);
    spreadSum += s.sum;
    spreadRegions += s.regions;
  }
  const loss = tf.tidy(() => discriminativeLoss(embedding, tf.tensor3d(labels, [b, h, w]), {
    deltaV, deltaD: c.pushMargin * deltaV, distance: 'l1', alpha: 1, beta: 1, gamma: 0, ignoreLabel: -1,
  }).loss);
  return { loss, spreadSum, spreadRegions };
}

/** Eqs. 3–5 on the network's own region support, supervised by depth alone. */
function rightWrongClusterLoss(embedding: tf.Tensor4D, regions: tf.Tensor, batch: TrainBatch, mask: Float32Array, deltaV: number, c: RegionSupportConfig): ClusterTerms {
  const [b, h, w, e] = embedding.shape;
  const p = h * w;
  const depth = hostValues(batch.depth);
  const ids = Int32Array.from(hostValues(regions));
  // Per image, the id of the pseudo-region of unlabelled pixels (−1: none made).
  const pseudo = new Int32Array(b).fill(-1);
  if (c.rwUnlabelled === 'region') {
    // The unlabelled pixels of an image become its region number max + 1.
    for (let i = 0; i < b; i++) {
      const image = ids.subarray(i * p, (i + 1) * p);
      const extra = image.reduce((m, v) => Math.max(m, v), -1) + 1;
      image.forEach((v, j) => {
        if (v < 0) image[j] = extra;
      });
      pseudo[i] = extra;
    }
  }
  const values = hostValues(embedding);
  let spreadSum = 0;
  let spreadRegions = 0;
  const losses: tf.Scalar[] = [];
  for (let i = 0; i < b; i++) {
    const split = splitRightWrong(ids.subarray(i * p, (i + 1) * p), depth.subarray(i * p, (i + 1) * p), mask.subarray(i * p, (i + 1) * p), c.depthRangeDivisor);
    // §3.1.3 sums δ_c over the regions of the region support: the pseudo-region is not one of
    // them, so once the mean shift found a region (pseudo id > 0) its spread stays out of δ_v.
    // Only when it found none does the pseudo-region's spread move δ_v (else δ_v could never
    // grow to the spread of an untrained embedding and the clustering would never start).
    const excluded = pseudo[i] > 0 ? pseudo[i] : -1;
    const rightIds = split.right.map((r) => (r < split.regions && r !== excluded ? r : -1));
    const s = regionSpreads(values.subarray(i * p * e, (i + 1) * p * e), rightIds, e);
    spreadSum += s.sum;
    spreadRegions += s.regions;
    losses.push(tf.tidy(() => rightWrongImageLoss(imageSlice(embedding, i), split, deltaV, c.rwPushMargin)));
  }
  const loss = tf.tidy(() => tf.div(tf.addN(losses), b) as tf.Scalar);
  tf.dispose(losses);
  return { loss, spreadSum, spreadRegions };
}

/** Eq. 6 read as Laina's berHu on log depth: c = threshold · max |log d − log d′| over the batch. */
export function logBerHu(logPred: tf.Tensor, depth: tf.Tensor, mask: tf.Tensor | undefined, threshold: number): tf.Scalar {
  return tf.tidy(() => {
    const valid = tf.mul(validMask(depth, mask), tf.cast(tf.greater(depth, 0), 'float32'));
    // Invalid pixels get log 1 = 0 so that no −inf reaches the masked arithmetic.
    const target = tf.log(tf.add(tf.mul(depth, valid), tf.sub(1, valid)));
    return berHuLoss(logPred, target, { mask: valid, threshold });
  });
}

/** Regions the mean-shift found, per image (logged: it shows the clustering waking up). */
function meanRegionCount(regions: tf.Tensor): number {
  const [b] = regions.shape;
  const ids = hostValues(regions);
  const per = ids.length / b;
  let total = 0;
  for (let i = 0; i < b; i++) total += new Set(ids.subarray(i * per, (i + 1) * per).filter((v) => v >= 0)).size;
  return total / b;
}

/**
 * The unified loss: berHu on the configured log-depth outputs plus the clustering loss (eqs.
 * 1–2 with instance maps, else eqs. 3–5). Terms: `berhu`, `cluster`, `delta_c` (this step's mean
 * δ_c, δ_v's update; δ_v itself when there was no region), `delta_v` and `regions` (found per image).
 */
export function regionSupportLoss(batch: TrainBatch, outputs: tf.Tensor | tf.Tensor[], config: RegionSupportConfig): LossResult {
  if (!Array.isArray(outputs) || outputs.length !== 8) throw new Error('region-support loss: expected the network\'s 8 outputs (see outputNames)');
  const deltaV = outputs[outputIndex.delta_v].dataSync()[0];
  const embedding = outputs[outputIndex.embedding] as tf.Tensor4D;
  const mask = tf.tidy(() => hostValues(tf.mul(validMask(batch.depth, batch.mask), tf.cast(tf.greater(batch.depth, 0), 'float32'))));
  const useInstances = config.clusterLoss === 'discriminative' || (config.clusterLoss === 'auto' && batch.instances != null);
  if (useInstances && batch.instances == null) throw new Error("region-support loss: clusterLoss 'discriminative' needs instance maps (depthkit synth data); use 'rw' or 'auto' for depth-only data");
  const cluster = useInstances
    ? supervisedClusterLoss(embedding, batch, mask, deltaV, config)
    : rightWrongClusterLoss(embedding, outputs[outputIndex.regions], batch, mask, deltaV, config);
  return tf.tidy(() => {
    const berhu = tf.addN(config.depthLossOn.map((name) => logBerHu(outputs[outputIndex[name]], batch.depth, batch.mask, config.berhuThreshold))) as tf.Scalar;
    const total = tf.add(berhu, tf.mul(config.clusterWeight, cluster.loss)) as tf.Scalar;
    const deltaC = cluster.spreadRegions > 0 ? cluster.spreadSum / cluster.spreadRegions : deltaV;
    const regions = tf.scalar(meanRegionCount(outputs[outputIndex.regions]));
    return { total, terms: { berhu, cluster: cluster.loss, delta_c: tf.scalar(deltaC), delta_v: tf.scalar(deltaV), regions } };
  });
}

/** §3.1.3: δ_v ← λ·δ_v + (1 − λ)·δ_c after each step. */
export function updatedDeltaV(deltaV: number, deltaC: number, momentum: number): number {
  return momentum * deltaV + (1 - momentum) * deltaC;
}
