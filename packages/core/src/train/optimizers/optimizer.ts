import type * as tf from '@tensorflow/tfjs-core';

export type OptimizerType = 'adam' | 'adamw' | 'sgd';

export interface OptimizerConfig {
  type: OptimizerType;
  /** Base learning rate; the schedule scales it per step. */
  lr: number;
  /** Adam/AdamW (defaults 0.9, 0.999, 1e-8 as torch.optim). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** SGD momentum μ (default 0) and Nesterov (default false). */
  momentum?: number;
  nesterov?: boolean;
  /**
   * Adam and SGD: L2 added to the gradient (torch's `weight_decay`). AdamW: decoupled decay,
   * w ← w·(1 − lr·wd) before the Adam step (torch.optim.AdamW; its default 0.01 applies here too).
   */
  weightDecay?: number;
}

/** One slot tensor per trainable variable, named `<slot>/<variable index>` in checkpoints. */
export interface NamedSlot {
  name: string;
  tensor: tf.Tensor;
}

/**
 * depthkit's optimizers: plain tf.Variables for the weights and the slots, so the whole state
 * can be written to a checkpoint and read back bit-exactly, which tfjs' own optimizers do not
 * promise for every type (and AdamW does not exist there).
 */
export interface Optimizer {
  readonly type: OptimizerType;
  /** Updates applied so far (Adam's bias-correction step t). */
  readonly iterations: number;
  /** One update of every variable; `grads[i]` belongs to variable i (null: leave it); `lr` is this step's rate. */
  apply(grads: readonly (tf.Tensor | null)[], lr: number): void;
  /** The state to checkpoint (shared, not copied: read before the next apply). */
  slots(): NamedSlot[];
  /** Restores what `slots()` and `iterations` returned; every slot must be present. */
  restore(iterations: number, slots: Record<string, tf.Tensor>): void;
  dispose(): void;
}
