import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MethodModel } from '@depthkit/core/web';
import { hasClassification, hasRegression, networkStride, validateConfig, withConfigDefaults, type DsSidenetConfig } from '../config.js';
import { buildDecoderBranch } from './decoder.js';
import { buildEncoder } from './encoder.js';
import { buildFusion } from './fusion.js';

export { networkStride };

/**
 * DS-SIDENet (Fig. 3(a)): Table 1's encoder shared by Table 2's two decoding branches. Outputs,
 * in this order and only for the branches `task` trains: classification logits [B, H, W, K + 1]
 * (softmax in the loss and at test time), regression depth [B, H, W, 1] in metres, and with
 * `fusion` the fused depth [B, H, W, 1] in metres.
 * With `padTo` the method's predict fits every input itself (zero padding as in training), so
 * the stride core's predictDepth pads to is 1.
 */
export function buildDsSidenetNetwork(recorded: DsSidenetConfig): MethodModel {
  const config = withConfigDefaults(recorded);
  const graph = buildDsSidenetGraph(config);
  const outputs = [graph.cls?.output, graph.reg?.output, graph.fused].filter((t): t is tfl.SymbolicTensor => t != null);
  const stride = config.padTo ? 1 : networkStride(config);
  return { model: tfl.model({ inputs: graph.image, outputs, name: `ds_sidenet_${config.range}` }), stride };
}

export interface DsSidenetGraph {
  image: tfl.SymbolicTensor;
  /** Table 1's Block 1–5 outputs. */
  encoder: tfl.SymbolicTensor[];
  /** Each branch's Table 2 Block 1–5 outputs and its output layer. */
  cls?: { blocks: tfl.SymbolicTensor[]; output: tfl.SymbolicTensor };
  reg?: { blocks: tfl.SymbolicTensor[]; output: tfl.SymbolicTensor; raw: tfl.SymbolicTensor };
  /** The fusion network's depth (`fusion`). */
  fused?: tfl.SymbolicTensor;
}

/** The symbolic graph with every block's output exposed (the shape-table test probes it). */
export function buildDsSidenetGraph(recorded: DsSidenetConfig): DsSidenetGraph {
  const config = withConfigDefaults(recorded);
  validateConfig(config);
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const encoder = buildEncoder(image, config);
  const cls = hasClassification(config) ? buildDecoderBranch({ image, encoder }, config, 'cls', config.bins + 1) : undefined;
  const reg = hasRegression(config) ? regressionBranch({ image, encoder }, config) : undefined;
  const fused = config.fusion ? buildFusion(cls!.output, reg!.raw, config) : undefined;
  return { image, encoder, cls, reg, fused };
}

/**
 * The regression branch reads its output layer in units of m = √(αβ), the middle of [α, β] in
 * log depth: depth = m·(1 + z). The paper says nothing on output scaling; in metres directly,
 * Adam's per-step moves (≈ lr) would need thousands of steps to reach KITTI's tens of metres.
 */
function regressionBranch(inputs: { image: tfl.SymbolicTensor; encoder: tfl.SymbolicTensor[] }, config: DsSidenetConfig) {
  const branch = buildDecoderBranch(inputs, config, 'reg', 1);
  const m = Math.sqrt(config.alpha * config.beta);
  const output = tfl.layers.rescaling({ scale: m, offset: m, name: 'reg_depth' }).apply(branch.output) as tfl.SymbolicTensor;
  return { blocks: branch.blocks, output, raw: branch.output };
}

/** Names the model's outputs by branch. */
export function branchOutputs(config: DsSidenetConfig, outputs: tf.Tensor | tf.Tensor[]): { logits?: tf.Tensor4D; depth?: tf.Tensor4D; fused?: tf.Tensor4D } {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const cls = hasClassification(config);
  return {
    logits: cls ? (list[0] as tf.Tensor4D) : undefined,
    depth: hasRegression(config) ? (list[cls ? 1 : 0] as tf.Tensor4D) : undefined,
    // Fusion needs both branches, so its output is always the third.
    fused: config.fusion ? (list[2] as tf.Tensor4D) : undefined,
  };
}
