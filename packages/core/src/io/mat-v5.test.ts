import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../datasets/testing/shared-data.js';
import { matVariable, parseMatV5, readMatV5 } from './mat-v5.js';

/** A level-5 header: text, subsystem offset, version 0x0100, endian indicator. */
function header(littleEndian = true): Uint8Array {
  const out = new Uint8Array(128).fill(0x20);
  out.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by a depthkit test'));
  out.fill(0, 116, 124);
  out.set(littleEndian ? [0x00, 0x01, 0x49, 0x4d] : [0x01, 0x00, 0x4d, 0x49], 124);
  return out;
}

/** One element: 8-byte tag, payload, padding to 8 bytes. */
function element(type: number, payload: Uint8Array, le = true): Uint8Array {
  const padded = Math.ceil(payload.length / 8) * 8;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, le);
  view.setUint32(4, payload.length, le);
  out.set(payload, 8);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** A real double matrix named `name`, data stored as miUINT8 (as MATLAB does for small ints). */
function doubleMatrix(name: string, rows: number, cols: number, values: number[], le = true): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, 6, le); // mxDOUBLE_CLASS
  const dims = new Uint8Array(8);
  new DataView(dims.buffer).setInt32(0, rows, le);
  new DataView(dims.buffer).setInt32(4, cols, le);
  // Small data element for the name: size in the high half of the first word.
  const nameBytes = new TextEncoder().encode(name);
  const small = new Uint8Array(8);
  new DataView(small.buffer).setUint32(0, (nameBytes.length << 16) | 1, le);
  small.set(nameBytes, 4);
  const body = concat(element(6, flags, le), element(5, dims, le), small, element(2, Uint8Array.from(values), le));
  return element(14, body, le);
}

describe('MATLAB v5 reader', () => {
  it('reads the official NYU splits.mat: 795 train, 654 test indices (1-based)', async () => {
    const file = sharedData('splits/nyu_splits.mat');
    const vars = await readMatV5(file);
    const train = matVariable(vars, 'trainNdxs', file);
    const test = matVariable(vars, 'testNdxs', file);
    expect(train.dims).toEqual([795, 1]);
    expect(test.dims).toEqual([654, 1]);
    const all = new Set([...train.data, ...test.data]);
    expect(all.size).toBe(1449);
    expect(Math.min(...all)).toBe(1);
    expect(Math.max(...all)).toBe(1449);
  });

  it('agrees with the BTS test list: testNdxs − 1 are exactly its rgb_XXXXX indices', async () => {
    const file = sharedData('splits/nyu_splits.mat');
    const test = matVariable(await readMatV5(file), 'testNdxs', file);
    const list = (await readFile(sharedData('splits/nyudepthv2_test_files_with_gt.txt'), 'utf8')).trim().split('\n');
    const listed = list.map((line) => Number(/rgb_(\d+)\.jpg/.exec(line)?.[1])).sort((a, b) => a - b);
    expect(Array.from(test.data, (v) => v - 1).sort((a, b) => a - b)).toEqual(listed);
  });

  it('reads uncompressed matrices, small data elements and both byte orders', () => {
    for (const le of [true, false]) {
      const bytes = concat(header(le), doubleMatrix('a', 2, 3, [1, 2, 3, 4, 5, 6], le), doubleMatrix('bb', 1, 1, [7], le));
      const vars = parseMatV5(bytes);
      expect(vars.get('a')).toEqual({ name: 'a', className: 'double', dims: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6]) });
      expect(Array.from(vars.get('bb')?.data ?? [])).toEqual([7]);
    }
  });

  it('reads miCOMPRESSED elements', () => {
    const compressed = deflateSync(doubleMatrix('z', 1, 2, [9, 8]));
    const bytes = concat(header(), element(15, compressed).subarray(0, 8 + compressed.length));
    expect(Array.from(parseMatV5(bytes).get('z')?.data ?? [])).toEqual([9, 8]);
  });

  it('names the file and the problem for v7.3, truncated and corrupt files', () => {
    const v73 = header();
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file'));
    expect(() => parseMatV5(v73, 'x.mat')).toThrow('x.mat: not a readable MATLAB v5 MAT-file: this is a v7.3 (HDF5) file');
    expect(() => parseMatV5(new Uint8Array(20), 'short.mat')).toThrow(/short\.mat: .*shorter than the 128-byte header/);
    const cut = concat(header(), doubleMatrix('a', 1, 1, [1])).subarray(0, 150);
    expect(() => parseMatV5(cut, 'cut.mat')).toThrow(/cut\.mat: .*runs past the end/);
    const bad = concat(header(), element(15, new Uint8Array([1, 2, 3, 4])));
    expect(() => parseMatV5(bad, 'bad.mat')).toThrow(/bad\.mat: .*corrupt compressed element/);
  });

  it('says which variables exist when one is missing', async () => {
    const file = sharedData('splits/nyu_splits.mat');
    expect(() => matVariable(new Map(), 'testNdxs', file)).toThrow(`${file}: expected a variable 'testNdxs'`);
  });
});
