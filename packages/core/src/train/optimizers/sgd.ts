import * as tf from '@tensorflow/tfjs-core';
import { nativeUpdate, sgdUpdateKernel } from './native-update.js';
import { SlottedOptimizer } from './slotted-optimizer.js';

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * SGD with torch semantics (dampening 0): g ← g + wd·w; b ← μb + g; g ← g + μb (Nesterov) or b;
 * w ← w − lr·g. torch starts b as a copy of the first gradient, which μ·0 + g reproduces
 * exactly, so the buffer can exist (as zeros) from the start.
 */
export class Sgd extends SlottedOptimizer {
  readonly type = 'sgd' as const;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;

  constructor(variables: readonly tf.Variable[], options: SgdOptions = {}) {
    super(variables, (options.momentum ?? 0) > 0 ? ['momentum'] : []);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    if (this.nesterov && this.momentum <= 0) throw new Error('sgd: Nesterov momentum needs momentum > 0');
  }

  apply(grads: readonly (tf.Tensor | null)[], lr: number): void {
    this.t++;
    const { momentum: mu, weightDecay: wd } = this;
    const buffers = mu > 0 ? this.state.get('momentum') : [];
    // One scope per variable, so temporaries never pile up across the whole network.
    this.variables.forEach((w, i) => tf.tidy(() => {
      let g = grads[i];
      if (g == null) return;
      const native = nativeUpdate(sgdUpdateKernel, { g, w, ...(mu > 0 ? { buf: buffers[i] } : {}) }, { weightDecay: wd, momentum: mu, nesterov: this.nesterov, negLr: -lr });
      if (native) {
        w.assign(native[0]);
        if (mu > 0) buffers[i].assign(native[1]);
        return;
      }
      if (wd !== 0) g = tf.add(g, tf.mul(w, wd));
      if (mu > 0) {
        buffers[i].assign(tf.add(tf.mul(buffers[i], mu), g));
        g = this.nesterov ? tf.add(g, tf.mul(buffers[i], mu)) : buffers[i];
      }
      w.assign(tf.add(w, tf.mul(g, -lr)));
    }));
  }
}
