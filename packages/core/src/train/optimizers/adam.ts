import * as tf from '@tensorflow/tfjs-core';
import { adamUpdateKernel, nativeUpdate } from './native-update.js';
import { SlottedOptimizer } from './slotted-optimizer.js';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly instead of adding wd·w to the gradient. */
  decoupled?: boolean;
}

/**
 * Adam with bias correction, or AdamW, in torch 1.13's operation order (single-tensor path):
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
 */
export class Adam extends SlottedOptimizer {
  readonly type: 'adam' | 'adamw';
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(variables: readonly tf.Variable[], options: AdamOptions = {}) {
    super(variables, ['m', 'v']);
    this.decoupled = options.decoupled ?? false;
    this.type = this.decoupled ? 'adamw' : 'adam';
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? (this.decoupled ? 0.01 : 0);
  }

  apply(grads: readonly (tf.Tensor | null)[], lr: number): void {
    const t = ++this.t;
    const { beta1: b1, beta2: b2, weightDecay: wd } = this;
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const m = this.state.get('m');
    const v = this.state.get('v');
    // One scope per variable: a single scope around the loop would hold ~8 full-size
    // temporaries of every weight at once (4 GB for a 100 M-parameter net), tfjs Adam's flaw.
    this.variables.forEach((w, i) => tf.tidy(() => {
      let g = grads[i];
      // No gradient (a frozen or unused branch): the variable is left alone, as torch skips grad=None.
      if (g == null) return;
      const native = nativeUpdate(adamUpdateKernel, { g, w, m: m[i], v: v[i] }, {
        decay: this.decoupled ? 1 - lr * wd : 1, b1, oneMinusB1: 1 - b1, b2, oneMinusB2: 1 - b2, bc2Sqrt, epsilon: this.epsilon,
        negStepSize: -stepSize, coupledDecay: this.decoupled ? 0 : wd, decoupled: this.decoupled && wd !== 0,
      });
      if (native) {
        w.assign(native[0]);
        m[i].assign(native[1]);
        v[i].assign(native[2]);
        return;
      }
      if (wd !== 0 && this.decoupled) w.assign(tf.mul(w, 1 - lr * wd));
      else if (wd !== 0) g = tf.add(g, tf.mul(w, wd));
      m[i].assign(tf.add(tf.mul(m[i], b1), tf.mul(g, 1 - b1)));
      v[i].assign(tf.add(tf.mul(v[i], b2), tf.mul(tf.mul(g, g), 1 - b2)));
      const denom = tf.add(tf.div(tf.sqrt(v[i]), bc2Sqrt), this.epsilon);
      w.assign(tf.add(w, tf.mul(tf.div(m[i], denom), -stepSize)));
    }));
  }
}
