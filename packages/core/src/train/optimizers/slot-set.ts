import * as tf from '@tensorflow/tfjs-core';
import type { NamedSlot } from './optimizer.js';

/**
 * Zero-initialised slot variables, created up front (not on the first step) so a training step
 * never changes the number of live tensors — the leak guard relies on that.
 */
export class SlotSet {
  private readonly slots = new Map<string, tf.Variable[]>();

  constructor(private readonly variables: readonly tf.Variable[], names: readonly string[]) {
    for (const name of names) {
      this.slots.set(name, variables.map((v) => {
        const zeros = tf.zerosLike(v);
        const slot = tf.variable(zeros, false);
        zeros.dispose();
        return slot;
      }));
    }
  }

  get(name: string): tf.Variable[] {
    const slot = this.slots.get(name);
    if (!slot) throw new Error(`optimizer: no slot '${name}'`);
    return slot;
  }

  list(): NamedSlot[] {
    return [...this.slots].flatMap(([name, vars]) => vars.map((tensor, i) => ({ name: `${name}/${i}`, tensor })));
  }

  restore(values: Record<string, tf.Tensor>): void {
    for (const [name, vars] of this.slots) {
      vars.forEach((variable, i) => {
        const value = values[`${name}/${i}`];
        if (!value) throw new Error(`optimizer state: slot '${name}/${i}' is missing`);
        if (!tf.util.arraysEqual(value.shape, variable.shape)) {
          throw new Error(`optimizer state: slot '${name}/${i}' has shape [${value.shape}], the variable [${variable.shape}]`);
        }
        variable.assign(value);
      });
    }
  }

  dispose(): void {
    for (const vars of this.slots.values()) tf.dispose(vars);
    this.slots.clear();
  }
}
