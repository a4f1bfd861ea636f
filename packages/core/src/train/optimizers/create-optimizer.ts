import type * as tf from '@tensorflow/tfjs-core';
import { Adam } from './adam.js';
import type { Optimizer, OptimizerConfig } from './optimizer.js';
import { Sgd } from './sgd.js';

/** Builds the configured optimizer over `variables` (their order is the checkpoint's slot order). */
export function createOptimizer(config: OptimizerConfig, variables: readonly tf.Variable[]): Optimizer {
  if (!(config.lr >= 0)) throw new Error(`optimizer: lr must be ≥ 0, got ${config.lr}`);
  switch (config.type) {
    case 'adam':
    case 'adamw':
      return new Adam(variables, { ...config, decoupled: config.type === 'adamw' });
    case 'sgd':
      return new Sgd(variables, config);
    default:
      throw new Error(`optimizer: unknown type '${(config as { type: string }).type}'; expected adam, adamw or sgd`);
  }
}
