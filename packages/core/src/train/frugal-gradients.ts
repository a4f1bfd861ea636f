import * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs's tape and engine this walk reads (tfjs-core 4.x; not in its typings). */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
}

/** The nodes on a path from one of `xs` to `y`, in tape order, with inputs not from `xs` pruned (tfjs's own filter). */
function nodesFromXsToY(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((t) => fromX.has(t.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const t of Object.values(node.inputs)) toY.add(t.id);
      nodesToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
    .map((node) => ({ ...node, inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, t]) => fromX.has(t.id))) }));
}

/**
 * tf.variableGrads with a backward pass that frees as it goes. tfjs's walk keeps every
 * intermediate gradient and every tensor saved for the backward pass until the whole pass
 * ends, so a step's peak is its forward activations plus a gradient for each of them
 * (region-support at 2×176×352: 8.8 GB where the forward held 3.0 GB). Here a node's output
 * gradients and its saved tensors are disposed as soon as the node has been differentiated
 * — nothing later reads them — which leaves the arithmetic, and so the gradients, unchanged.
 * Nested inside another gradient computation (higher-order gradients) it is tfjs's own.
 */
export function frugalVariableGrads(f: () => tf.Scalar, variables: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  const engine = tf.engine() as unknown as EngineInternals;
  const trainable = variables.filter((v) => v.trainable);
  if (engine.state.gradientDepth > 0 || trainable.length === 0) return tf.variableGrads(f, variables);
  engine.startTape();
  let y: tf.Tensor;
  try {
    y = tf.tidy('forward', f);
  } finally {
    engine.endTape();
  }
  if (!(y instanceof tf.Tensor) || y.rank !== 0) throw new Error(`frugalVariableGrads: the loss must be a scalar tensor, got ${y instanceof tf.Tensor ? `shape [${y.shape}]` : typeof y}`);
  const tape = engine.state.activeTape ?? [];
  const nodes = nodesFromXsToY(tape, trainable, y);
  const result = tf.tidy('backward', () => {
    const grads = new Map<number, tf.Tensor>();
    // How many entries of `grads` hold each tensor (a gradient function may pass dy on as dx).
    const holders = new Map<tf.Tensor, number>();
    const hold = (id: number, g: tf.Tensor) => {
      grads.set(id, g);
      holders.set(g, (holders.get(g) ?? 0) + 1);
    };
    /** Drops an entry; disposes its tensor when no entry holds it any more. */
    const release = (id: number) => {
      const g = grads.get(id);
      if (g == null) return;
      grads.delete(id);
      const n = (holders.get(g) ?? 1) - 1;
      if (n > 0) holders.set(g, n);
      else {
        holders.delete(g);
        g.dispose();
      }
    };
    hold(y.id, tf.onesLike(y));
    const variableIds = new Set(trainable.map((v) => v.id));
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (node.gradient == null) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
      const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
      const inputs = Object.entries(node.inputs);
      // Every input's gradient at once, in one scope: a gradient function may compute eagerly
      // before returning its thunks (customGrad's do), and those temporaries die here too.
      const dxs = tf.tidy(() => {
        const inputGradients = node.gradient!(dys);
        return inputs.map(([name]) => {
          if (!(name in inputGradients)) throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGradients)}.`);
          return inputGradients[name]();
        });
      });
      for (const [k, [name, x]] of inputs.entries()) {
        const dx = dxs[k];
        if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`);
        if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`);
        const current = grads.get(x.id);
        if (current == null) {
          hold(x.id, dx);
        } else {
          const sum = tf.add(current, dx);
          release(x.id);
          if (!holders.has(dx)) dx.dispose();
          hold(x.id, sum);
        }
      }
      // A tensor is the output of one node only: once that node is differentiated, nothing
      // reads its gradient or the tensors it saved again.
      for (const o of node.outputs) if (!variableIds.has(o.id)) release(o.id);
      for (const t of node.saved ?? []) if (!holders.has(t)) t.dispose();
    }
    const named: tf.NamedTensorMap = {};
    for (const v of trainable) {
      const g = grads.get(v.id);
      if (g != null) named[v.name] = g;
    }
    return named;
  });
  for (const node of tape) for (const t of node.saved ?? []) t.dispose();
  engine.state.activeTape = null;
  if (Object.keys(result).length === 0) {
    y.dispose();
    throw new Error('Cannot find a connection between any variable and the result of the loss function y=f(x). Please make sure the operations that use variables are inside the function f passed to minimize().');
  }
  return { value: y as tf.Scalar, grads: result };
}

