import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpy as npyBytes } from './encode-npy.js';
import { parseNpyDepth, readNpyDepth } from './read-npy.js';

const f32 = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

describe('.npy depth reader', () => {
  it('reads float32 (H, W) and squeezes size-1 axes', () => {
    const m = parseNpyDepth(npyBytes('<f4', [2, 3], f32([1, 2, 3, 4, 5, 6])), 'a.npy');
    expect([m.height, m.width, Array.from(m.data)]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    const n = parseNpyDepth(npyBytes('<f4', [1, 2, 3, 1], f32([1, 2, 3, 4, 5, 6])), 'a.npy');
    expect([n.height, n.width]).toEqual([2, 3]);
  });

  it('agrees with a file numpy wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dk-npy-'));
    const file = path.join(dir, 'p.npy');
    const { execFileSync } = await import('node:child_process');
    execFileSync('sh', ['-c', 'command -p python3 -c "import numpy as np, sys; np.save(sys.argv[1], (np.arange(12, dtype=np.float32).reshape(3, 4) / 7))" "$0"', file]);
    const m = await readNpyDepth(file);
    expect([m.height, m.width]).toEqual([3, 4]);
    expect(Array.from(m.data)).toEqual(Array.from({ length: 12 }, (_, i) => Math.fround(Math.fround(i) / 7)));
  });

  it('rejects other dtypes, fortran order and other shapes, naming the file', () => {
    expect(() => parseNpyDepth(npyBytes('<f8', [1, 1], new Uint8Array(8)), 'd.npy')).toThrow(/d\.npy: expected a float32 \('<f4'\) \.npy depth map, found dtype '<f8'/);
    expect(() => parseNpyDepth(npyBytes('<f4', [2, 2], f32([1, 2, 3, 4]), true), 'f.npy')).toThrow(/f\.npy: expected a C-order/);
    expect(() => parseNpyDepth(npyBytes('<f4', [2, 2, 2], f32([1, 2, 3, 4, 5, 6, 7, 8])), 's.npy')).toThrow(/s\.npy: expected a depth map of shape \(H, W\), found shape \(2, 2, 2\)/);
    expect(() => parseNpyDepth(npyBytes('<f4', [2, 2], f32([1, 2, 3])), 't.npy')).toThrow(/t\.npy: header says 2×2 float32 values, file holds 3/);
    expect(() => parseNpyDepth(new Uint8Array(20), 'x.npy')).toThrow(/x\.npy: not a \.npy file/);
  });
});
