import * as tf from '@tensorflow/tfjs-core';

/** The part of a tfjs tape node that the backward pass reads (tfjs-core's `TapeNode`). */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

type Gradients = (f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean) => { value: tf.Tensor; grads: tf.Tensor[] };

/** Engine internals this module relies on; tfjs-core 4.x keeps them stable but untyped. */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(nameOrFn: string | (() => T), fn?: () => T): T;
  gradients: Gradients;
}

let installed = false;

/**
 * Replaces tfjs's backward pass by one that frees as it goes. tfjs keeps every intermediate
 * gradient and every tensor saved for the backward pass until the whole pass ends, so a
 * training step's peak held all activations *and* all their gradients; here each node's saved
 * tensors and output gradients are disposed as soon as the node is done (the tape is in
 * topological order, so nothing later needs them), which is what frameworks with a 4 GB
 * budget need. Higher-order gradients (a tape inside a tape) keep tfjs's own pass.
 */
export function installEagerBackprop(): void {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  const stock = engine.gradients.bind(engine);
  engine.gradients = (f, xs, dy, allowNoGradients = false) => {
    if (engine.state.gradientDepth > 0) return stock(f, xs, dy, allowNoGradients);
    return eagerGradients(engine, f, xs, dy, allowNoGradients);
  };
  installed = true;
}

function eagerGradients(
  engine: EngineInternals, f: () => tf.Tensor, xs: tf.Tensor[], dy: tf.Tensor | undefined, allowNoGradients: boolean,
): { value: tf.Tensor; grads: tf.Tensor[] } {
  if (xs.length === 0) throw new Error('gradients() received an empty list of xs.');
  if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
  const y = engine.scopedRun(() => engine.startTape(), () => engine.endTape(), () => engine.tidy('forward', f));
  if (!(y instanceof tf.Tensor)) throw new Error('The result y returned by f() must be a tensor.');
  const tape = engine.state.activeTape ?? [];
  const path = nodesFromXsToY(tape, xs, y);
  if (!allowNoGradients && path.length === 0) {
    throw new Error('Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.');
  }
  return engine.tidy('backward', () => {
    const grads = new GradientMap(new Set(xs.map((x) => x.id)));
    grads.set(y.id, dy ?? tf.ones(y.shape));
    for (let i = path.length - 1; i >= 0; i--) {
      backpropNode(engine, path[i], grads);
    }
    const result = xs.map((x) => grads.get(x.id)!);
    for (const node of tape) for (const t of node.saved ?? []) if (!grads.holds(t)) t.dispose();
    engine.state.activeTape = null;
    return { value: y, grads: result };
  });
}

function backpropNode(engine: EngineInternals, { node, inputs }: PathNode, grads: GradientMap): void {
  if (node.gradient == null) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
  const named = Object.entries(inputs);
  // The gradient function and its thunks in one scope: a customGrad computes its whole backward
  // when called, before any thunk runs, and its temporaries (GroupNorm's were full-size) would
  // otherwise live until the whole pass ends.
  const dxs = engine.tidy(() => {
    const inputGradients = node.gradient!(node.outputs.map((o) => grads.get(o.id) ?? null));
    return named.map(([name]) => {
      if (!(name in inputGradients)) {
        throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGradients)}.`);
      }
      return inputGradients[name]();
    });
  });
  named.forEach(([name, x], k) => {
    const dx = dxs[k];
    if (dx.dtype !== 'float32') {
      throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`);
    }
    if (!tf.util.arraysEqual(dx.shape, x.shape)) {
      throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`);
    }
    grads.accumulate(x.id, dx);
  });
  // Every consumer of this node's outputs came later on the tape and is done: free them.
  for (const o of node.outputs) grads.release(o.id);
  // A gradient function may hand back a tensor it saved; that one now belongs to the map.
  for (const t of node.saved ?? []) if (!grads.holds(t)) t.dispose();
}

/**
 * Gradients by tensor id. A gradient function may hand back its `dy` itself, or one tensor for
 * two inputs, so one tensor can sit under several ids: it is disposed when the last goes.
 */
class GradientMap {
  private readonly byId = new Map<number, tf.Tensor>();
  private readonly uses = new Map<tf.Tensor, number>();

  constructor(private readonly requested: Set<number>) {}

  get(id: number): tf.Tensor | undefined {
    return this.byId.get(id);
  }

  holds(t: tf.Tensor): boolean {
    return (this.uses.get(t) ?? 0) > 0;
  }

  set(id: number, t: tf.Tensor): void {
    this.byId.set(id, t);
    this.uses.set(t, (this.uses.get(t) ?? 0) + 1);
  }

  accumulate(id: number, dx: tf.Tensor): void {
    const current = this.byId.get(id);
    if (current == null) {
      this.set(id, dx);
      return;
    }
    const sum = tf.add(current, dx);
    this.release(id, true);
    this.disposeIfUnused(dx);
    this.set(id, sum);
  }

  /** Drops the gradient of `id` (unless it is one the caller asked for). */
  release(id: number, evenIfRequested = false): void {
    const t = this.byId.get(id);
    if (t == null || (this.requested.has(id) && !evenIfRequested)) return;
    this.byId.delete(id);
    this.uses.set(t, this.uses.get(t)! - 1);
    this.disposeIfUnused(t);
  }

  private disposeIfUnused(t: tf.Tensor): void {
    if ((this.uses.get(t) ?? 0) > 0) return;
    this.uses.delete(t);
    t.dispose();
  }
}

interface PathNode {
  node: TapeNode;
  /** The node's inputs that depend on some x: the only ones that get a gradient. */
  inputs: Record<string, tf.Tensor>;
}

/** The tape's nodes on some path from an x to y, in tape order (tfjs's getFilteredNodesXToY). */
function nodesFromXsToY(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): PathNode[] {
  const fromX = new Set(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
      for (const o of node.outputs) fromX.add(o.id);
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      for (const input of Object.values(node.inputs)) toY.add(input.id);
      nodesToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
    .map((node) => ({
      node,
      inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, input]) => fromX.has(input.id))),
    }));
}
