import { readFile } from 'node:fs/promises';

/** dtypes depthkit decodes; others (I64 counters, F64…) can be listed but not read as floats. */
const floatBytes = { F32: 4, F16: 2, BF16: 2 } as const;
type FloatDtype = keyof typeof floatBytes;

export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Decodes to float32, throwing (naming the file and tensor) for a dtype other than F32/F16/BF16. */
  toFloat32(): Float32Array;
}

export interface Safetensors {
  tensors: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * Parses a safetensors file: an 8-byte little-endian header length, a JSON header
 * (dtype, shape, data_offsets per tensor), then raw little-endian bytes. Tensors are decoded
 * lazily, so a file may carry tensors depthkit ignores (e.g. int64 `num_batches_tracked`).
 * Never pickle: loading a PyTorch `.pt`/`.pth` file executes code.
 */
export function parseSafetensors(bytes: Uint8Array, file: string): Safetensors {
  if (bytes.byteLength < 8) throw new Error(`${file}: expected a safetensors file (8-byte header length), found ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) {
    throw new Error(`${file}: expected a safetensors header of at most ${bytes.byteLength - 8} bytes, found a declared length of ${headerLength} (not a safetensors file?)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file}: expected a JSON safetensors header, found unparsable text (${(error as Error).message})`);
  }
  const data = bytes.subarray(8 + headerLength);
  const tensors = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (value ?? {}) as Record<string, string>;
      continue;
    }
    tensors.set(name, entry(file, name, value as HeaderEntry, data));
  }
  return { tensors, metadata };
}

export async function readSafetensors(file: string): Promise<Safetensors> {
  return parseSafetensors(await readFile(file), file);
}

function entry(file: string, name: string, meta: HeaderEntry, data: Uint8Array): SafetensorsEntry {
  const { dtype, shape, data_offsets: offsets } = meta;
  if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
    throw new Error(`${file}: tensor '${name}': expected {dtype, shape, data_offsets: [begin, end]}, found ${JSON.stringify(meta)}`);
  }
  const [begin, end] = offsets;
  if (!(begin >= 0 && end >= begin && end <= data.byteLength)) {
    throw new Error(`${file}: tensor '${name}': data_offsets [${begin}, ${end}] fall outside the ${data.byteLength} data bytes`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = data.subarray(begin, end);
  return {
    name,
    dtype,
    shape,
    toFloat32: () => decode(file, name, dtype, count, bytes),
  };
}

function decode(file: string, name: string, dtype: string, count: number, bytes: Uint8Array): Float32Array {
  if (!Object.hasOwn(floatBytes, dtype)) {
    throw new Error(`${file}: tensor '${name}': expected dtype F32, F16 or BF16, found ${dtype}`);
  }
  const size = floatBytes[dtype as FloatDtype];
  if (bytes.byteLength !== count * size) {
    throw new Error(`${file}: tensor '${name}': expected ${count * size} bytes for ${count} ${dtype} values, found ${bytes.byteLength}`);
  }
  // Copying (not Buffer#slice, which views) aligns the data; Node's platforms are little-endian, as the format.
  if (dtype === 'F32') return new Float32Array(new Uint8Array(bytes).buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  if (dtype === 'BF16') {
    // bfloat16 is the top half of a float32.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = view.getUint16(i * 2, true) << 16;
  } else {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  }
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Encodes float32 tensors as safetensors (F32), e.g. to hand depthkit weights back to PyTorch. */
export function encodeSafetensors(
  tensors: Record<string, { data: Float32Array; shape: number[] }>, metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = Object.keys(metadata).length > 0 ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, { data, shape }] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  json += ' '.repeat((8 - ((new TextEncoder().encode(json).byteLength + 8) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const { data } of Object.values(tensors)) {
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}
