import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { assertFileExists } from './read-failure.js';

/**
 * A reader for MATLAB's level-5 MAT-file format (the pre-v7.3, non-HDF5 one), covering what
 * depthkit needs: real numeric matrices, compressed or not, either byte order. Layout per
 * MathWorks' "MAT-File Format" (matfile_format.pdf): a 128-byte header, then data elements
 * (8-byte tag + payload padded to 8 bytes), miCOMPRESSED wrapping a zlib stream of elements.
 */
export interface MatArray {
  name: string;
  /** MATLAB class, e.g. `double`, `uint16`. */
  className: string;
  dims: number[];
  /** Values in MATLAB's column-major order. */
  data: Float64Array;
}

const miINT8 = 1;
const miMATRIX = 14;
const miCOMPRESSED = 15;

/** Byte size and reader of each numeric mi type. */
const numericTypes: Record<number, [number, (v: DataView, o: number, le: boolean) => number]> = {
  1: [1, (v, o) => v.getInt8(o)],
  2: [1, (v, o) => v.getUint8(o)],
  3: [2, (v, o, le) => v.getInt16(o, le)],
  4: [2, (v, o, le) => v.getUint16(o, le)],
  5: [4, (v, o, le) => v.getInt32(o, le)],
  6: [4, (v, o, le) => v.getUint32(o, le)],
  7: [4, (v, o, le) => v.getFloat32(o, le)],
  9: [8, (v, o, le) => v.getFloat64(o, le)],
  12: [8, (v, o, le) => Number(v.getBigInt64(o, le))],
  13: [8, (v, o, le) => Number(v.getBigUint64(o, le))],
};

const classNames: Record<number, string> = {
  1: 'cell', 2: 'struct', 3: 'object', 4: 'char', 5: 'sparse', 6: 'double', 7: 'single',
  8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64',
};

interface Element {
  type: number;
  view: DataView;
}

export class MatV5Error extends Error {}

/** Parses a level-5 MAT file's bytes; `file` only names it in errors. */
export function parseMatV5(bytes: Uint8Array, file = '<buffer>'): Map<string, MatArray> {
  const fail = (what: string) => new MatV5Error(`${file}: not a readable MATLAB v5 MAT-file: ${what}`);
  if (bytes.length < 128) throw fail(`${bytes.length} bytes, shorter than the 128-byte header`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  if (header.startsWith('MATLAB 7.3') || (bytes[0] === 0x89 && bytes[1] === 0x48)) {
    throw fail('this is a v7.3 (HDF5) file; read it with the HDF5 reader');
  }
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== 'IM' && endian !== 'MI') throw fail(`endian indicator is '${endian}', expected 'IM' or 'MI'`);
  const le = endian === 'IM';
  const out = new Map<string, MatArray>();
  for (const element of elements(new DataView(bytes.buffer, bytes.byteOffset + 128, bytes.length - 128), le, fail)) {
    const array = element.type === miMATRIX ? parseMatrix(element.view, le, fail) : undefined;
    if (array) out.set(array.name, array);
  }
  return out;
}

/** Reads a level-5 MAT file from disk. */
export async function readMatV5(file: string): Promise<Map<string, MatArray>> {
  await assertFileExists(file, 'MATLAB v5 MAT-file');
  return parseMatV5(new Uint8Array(await readFile(file)), file);
}

/** Names a variable that must be present and returns it. */
export function matVariable(vars: Map<string, MatArray>, name: string, file: string): MatArray {
  const found = vars.get(name);
  if (!found) {
    throw new Error(`${file}: expected a variable '${name}', found ${[...vars.keys()].join(', ') || 'no numeric variables'}`);
  }
  return found;
}

function* elements(view: DataView, le: boolean, fail: (what: string) => Error): Generator<Element> {
  let offset = 0;
  while (offset + 8 <= view.byteLength) {
    const first = view.getUint32(offset, le);
    // Small data element: type and size share the first word, payload in the second.
    if (first >>> 16 !== 0) {
      const size = first >>> 16;
      if (size > 4) throw fail(`small data element of ${size} bytes at offset ${offset}`);
      yield { type: first & 0xffff, view: new DataView(view.buffer, view.byteOffset + offset + 4, size) };
      offset += 8;
      continue;
    }
    const size = view.getUint32(offset + 4, le);
    if (offset + 8 + size > view.byteLength) throw fail(`element at offset ${offset} runs past the end (${size} bytes)`);
    const payload = new DataView(view.buffer, view.byteOffset + offset + 8, size);
    if (first === miCOMPRESSED) {
      const inflated = inflate(payload, fail);
      yield* elements(new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), le, fail);
      offset += 8 + size; // compressed elements are not padded
    } else {
      yield { type: first, view: payload };
      offset += 8 + Math.ceil(size / 8) * 8;
    }
  }
}

function inflate(payload: DataView, fail: (what: string) => Error): Uint8Array {
  try {
    return inflateSync(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength));
  } catch (error) {
    throw fail(`corrupt compressed element (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseMatrix(view: DataView, le: boolean, fail: (what: string) => Error): MatArray | undefined {
  const parts = [...elements(view, le, fail)];
  if (parts.length === 0) return undefined; // an empty matrix has no sub-elements
  if (parts.length < 3) throw fail(`matrix with ${parts.length} sub-elements, expected flags, dimensions and name`);
  const [flags, dimsElement, nameElement] = parts;
  const flagWord = flags.view.getUint32(0, le);
  const classId = flagWord & 0xff;
  const className = classNames[classId] ?? `class ${classId}`;
  const dims = readNumbers(dimsElement, le, fail);
  const name = nameElement.type === miINT8 || nameElement.type === 2
    ? new TextDecoder('latin1').decode(new Uint8Array(nameElement.view.buffer, nameElement.view.byteOffset, nameElement.view.byteLength))
    : '';
  // Cells, structs, chars and sparse matrices are skipped: nothing depthkit reads uses them.
  if (classId < 6 || classId > 15) return undefined;
  if (flagWord & 0x0800) throw fail(`variable '${name}' is complex; only real matrices are supported`);
  const real = parts[3];
  if (!real) throw fail(`variable '${name}' has no data`);
  const data = Float64Array.from(readNumbers(real, le, fail));
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw fail(`variable '${name}' has ${data.length} values for dimensions ${dims.join('×')}`);
  return { name, className, dims, data };
}

function readNumbers(element: Element, le: boolean, fail: (what: string) => Error): number[] {
  const type = numericTypes[element.type];
  if (!type) throw fail(`data element of type ${element.type} where a numeric type was expected`);
  const [size, read] = type;
  const out: number[] = new Array(Math.floor(element.view.byteLength / size));
  for (let i = 0; i < out.length; i++) out[i] = read(element.view, i * size, le);
  return out;
}
