import { readFile } from 'node:fs/promises';
import type { DepthMap } from '../io/image-types.js';

const MAGIC = '\x93NUMPY';

/**
 * A float32 depth map in metres from a .npy file (what `np.save` writes for a prediction).
 * Only little-endian float32, C order, shape (H, W) — or with leading/trailing axes of size 1,
 * e.g. (1, H, W) or (H, W, 1) — is accepted; anything else is an error naming the file.
 */
export async function readNpyDepth(file: string): Promise<DepthMap> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`${file}: cannot read a float32 .npy depth map: ${(error as Error).message}`);
  }
  return parseNpyDepth(bytes, file);
}

export function parseNpyDepth(bytes: Uint8Array, file: string): DepthMap {
  const header = parseHeader(bytes, file);
  if (header.descr !== '<f4' && header.descr !== 'float32') {
    throw new Error(`${file}: expected a float32 ('<f4') .npy depth map, found dtype '${header.descr}'`);
  }
  if (header.fortranOrder) throw new Error(`${file}: expected a C-order .npy, found fortran_order True`);
  const dims = squeezeTo2d(header.shape);
  if (dims === null) {
    throw new Error(`${file}: expected a depth map of shape (H, W), found shape (${header.shape.join(', ')})`);
  }
  const [height, width] = dims;
  const count = height * width;
  const available = (bytes.length - header.dataOffset) / 4;
  if (available < count) {
    throw new Error(`${file}: header says ${height}×${width} float32 values, file holds ${Math.floor(available)}`);
  }
  // Copy: the data offset is 16-aligned in files np.save writes, but not guaranteed in a Buffer.
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(header.dataOffset, header.dataOffset + count * 4));
  return { width, height, data };
}

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array, file: string): NpyHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== MAGIC) throw new Error(`${file}: not a .npy file (no \\x93NUMPY magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lengthBytes;
  const text = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${file}: malformed .npy header: ${text.trim()}`);
  }
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: start + headerLength };
}

function squeezeTo2d(shape: number[]): [number, number] | null {
  if (shape.some((d) => !Number.isInteger(d) || d < 1)) return null;
  if (shape.length === 2) return [shape[0], shape[1]];
  const big = shape.filter((d) => d !== 1);
  return big.length === 2 ? [big[0], big[1]] : null;
}
