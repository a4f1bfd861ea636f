import type * as tf from '@tensorflow/tfjs-core';
import type { NamedSlot, Optimizer, OptimizerType } from './optimizer.js';
import { SlotSet } from './slot-set.js';

/** The step counter and slot bookkeeping every depthkit optimizer shares; subclasses supply `apply`. */
export abstract class SlottedOptimizer implements Optimizer {
  abstract readonly type: OptimizerType;
  protected t = 0;
  protected readonly state: SlotSet;

  constructor(protected readonly variables: readonly tf.Variable[], slotNames: string[]) {
    this.state = new SlotSet(variables, slotNames);
  }

  get iterations(): number {
    return this.t;
  }

  abstract apply(grads: readonly (tf.Tensor | null)[], lr: number): void;

  slots(): NamedSlot[] {
    return this.state.list();
  }

  restore(iterations: number, slots: Record<string, tf.Tensor>): void {
    this.state.restore(slots);
    this.t = iterations;
  }

  dispose(): void {
    this.state.dispose();
  }
}
