/**
 * How the wasm backend dies when a training step needs more than its 4 GB heap: an abort from
 * malloc, or — when tfjs-wasm goes on with a null allocation — a trap (out-of-bounds access, or
 * an integer division by a size read from that null block). JS arithmetic never throws these.
 */
const wasmHeapTrap = /Aborted\(\)|Cannot enlarge memory|memory access out of bounds|table index is out of bounds|out of memory|RuntimeError: divide by zero|^divide by zero/im;

export function isWasmHeapFailure(message: string): boolean {
  return wasmHeapTrap.test(message);
}

/**
 * A wasm heap failure during a step, restated as what the user can do about it; any other error
 * is returned unchanged. The wasm module cannot continue after such a trap, so the advice is a
 * new process with a smaller batch, resuming from the last checkpoint.
 */
export function explainStepFailure(error: unknown, backendName: string, batchShape: readonly number[] | undefined): unknown {
  if (backendName !== 'wasm' || !(error instanceof Error) || !isWasmHeapFailure(error.message)) return error;
  const shape = batchShape ? batchShape.join('×') : 'unknown';
  return new Error(
    `a training step on a ${shape} batch does not fit the wasm backend's 4 GB heap (${error.message.split('\n')[0]}). `
      + 'Lower --batch and keep the effective batch with --accumulate (e.g. --batch 1 --accumulate 16), '
      + 'lower the crop, or train with @tensorflow/tfjs-node(-gpu); then rerun with --resume to continue '
      + 'from the last checkpoint (this process cannot: the wasm module stops after such a trap).',
    { cause: error },
  );
}
