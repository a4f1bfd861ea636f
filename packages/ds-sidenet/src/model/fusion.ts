import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { DsSidenetConfig } from '../config.js';

type T = tfl.SymbolicTensor;

/** The fixed layer that turns class probabilities into the expected bin over K (a fusion input). */
export const fusionBinLayerName = 'fusion_cls_bin';

/**
 * One network's fusion layer of context-wise network fusion (CNF, Ren et al. 2017, the paper's
 * [22]): convolutions from that network's output to one channel. Two 3×3 conv + ReLU at
 * `fusionChannels`, then a 3×3 conv to 1 — the sizes are depthkit's (see README).
 */
function fusionLayer(x: T, channels: number, name: string): T {
  const a = tfl.layers.conv2d({ filters: channels, kernelSize: 3, padding: 'same', activation: 'relu', name: `${name}_c1` }).apply(x) as T;
  const b = tfl.layers.conv2d({ filters: channels, kernelSize: 3, padding: 'same', activation: 'relu', name: `${name}_c2` }).apply(a) as T;
  return tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', name: `${name}_c3` }).apply(b) as T;
}

/**
 * §5.3.1's fusion network over the two branches' outputs, as CNF fuses networks: each branch's
 * output goes through its own fusion layer and the results are summed. The classification
 * branch enters as its expected bin over K (Σ_j j·p_j / K ∈ [0, 1], its log-depth position in
 * [α, β]: softmax, then a fixed 1×1 conv with kernel j / K), the regression branch as its raw
 * output z (depth = m·(1 + z)). The sum is read like the regression output: depth = m·(1 + z_f).
 */
export function buildFusion(logits: T, regRaw: T, config: DsSidenetConfig): T {
  const probabilities = tfl.layers.softmax({ axis: -1, name: 'fusion_cls_softmax' }).apply(logits) as T;
  const binLayer = tfl.layers.conv2d({ filters: 1, kernelSize: 1, useBias: false, trainable: false, name: fusionBinLayerName });
  const bin = binLayer.apply(probabilities) as T;
  binLayer.setWeights([tf.tidy(() => tf.reshape(tf.div(tf.range(0, config.bins + 1, 1, 'float32'), config.bins), [1, 1, config.bins + 1, 1]))]);
  const fromCls = fusionLayer(bin, config.fusionChannels, 'fusion_cls');
  const fromReg = fusionLayer(regRaw, config.fusionChannels, 'fusion_reg');
  const sum = tfl.layers.add({ name: 'fusion_sum' }).apply([fromCls, fromReg]) as T;
  const m = Math.sqrt(config.alpha * config.beta);
  return tfl.layers.rescaling({ scale: m, offset: m, name: 'fusion_depth' }).apply(sum) as T;
}
