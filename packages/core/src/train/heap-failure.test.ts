import { describe, expect, it } from 'vitest';
import { explainStepFailure, isWasmHeapFailure } from './heap-failure.js';

describe('training-step failures on the wasm heap', () => {
  it('recognises the traps the wasm backend dies with, and nothing else', () => {
    for (const m of ['Aborted(). Build with -sASSERTIONS for more info.', 'RuntimeError: memory access out of bounds', 'table index is out of bounds', 'divide by zero']) {
      expect(isWasmHeapFailure(m), m).toBe(true);
    }
    for (const m of ['Error when checking input: expected shape [null,64,64,3]', 'loss is NaN at step 3', 'bins: cannot divide by zero width']) {
      expect(isWasmHeapFailure(m), m).toBe(false);
    }
  });

  it('restates a heap trap with the batch shape and the remedies', () => {
    const trap = new Error('Aborted(). Build with -sASSERTIONS for more info.');
    const explained = explainStepFailure(trap, 'wasm', [2, 352, 704, 3]) as Error;
    expect(explained.message).toMatch(/2×352×704×3 batch does not fit the wasm backend's 4 GB heap \(Aborted\(\)/);
    expect(explained.message).toMatch(/--accumulate/);
    expect(explained.message).toMatch(/--resume/);
    expect(explained.cause).toBe(trap);
  });

  it('leaves other errors, and other backends, alone', () => {
    const shapeError = new Error('expected 3 channels, found 4');
    expect(explainStepFailure(shapeError, 'wasm', [1, 8, 8, 4])).toBe(shapeError);
    const trap = new Error('memory access out of bounds');
    expect(explainStepFailure(trap, 'cpu', [1, 8, 8, 3])).toBe(trap);
  });
});
