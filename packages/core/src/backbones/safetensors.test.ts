import { describe, expect, it } from 'vitest';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';

/** A safetensors file with one tensor of raw `bytes` declared as `dtype`. */
function single(dtype: string, shape: number[], bytes: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ t: { dtype, shape, data_offsets: [0, bytes.byteLength] } }));
  const out = new Uint8Array(8 + header.byteLength + bytes.byteLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.byteLength), true);
  out.set(header, 8);
  out.set(bytes, 8 + header.byteLength);
  return out;
}

const u16 = (values: number[]) => new Uint8Array(new Uint16Array(values).buffer);

describe('safetensors', () => {
  it('round-trips F32 tensors and metadata, starting the data 8-byte aligned', () => {
    const a = new Float32Array([1.5, -2, 3.25, 0, 7, 1e-8]);
    const bytes = encodeSafetensors({ a: { data: a, shape: [2, 3] }, b: { data: new Float32Array([4]), shape: [] } }, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    // An odd offset into a larger buffer, as Node's pooled Buffers give.
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const parsed = parseSafetensors(shifted.subarray(3), 'w.safetensors');
    expect(parsed.metadata).toEqual({ format: 'pt' });
    expect(parsed.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(parsed.tensors.get('a')!.toFloat32()).toEqual(a);
    expect(Array.from(parsed.tensors.get('b')!.toFloat32())).toEqual([4]);
  });

  it('widens F16 (normal, subnormal, infinite) and BF16 to float32', () => {
    // 1, -2, 0.5, 65504, 2^-24 (smallest subnormal), -∞
    const half = parseSafetensors(single('F16', [6], u16([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0xfc00])), 'h').tensors.get('t')!;
    expect(Array.from(half.toFloat32())).toEqual([1, -2, 0.5, 65504, 2 ** -24, -Infinity]);
    // 1, -3.5, 1.5e38-ish exponent range
    const brain = parseSafetensors(single('BF16', [3], u16([0x3f80, 0xc060, 0x7f00])), 'b').tensors.get('t')!;
    expect(Array.from(brain.toFloat32())).toEqual([1, -3.5, 2 ** 127]);
  });

  it('lists other dtypes but refuses to decode them, naming file, tensor and dtype', () => {
    const parsed = parseSafetensors(single('I64', [1], new Uint8Array(8)), 'w.safetensors');
    expect(parsed.tensors.get('t')!.dtype).toBe('I64');
    expect(() => parsed.tensors.get('t')!.toFloat32()).toThrow("w.safetensors: tensor 't': expected dtype F32, F16 or BF16, found I64");
  });

  it('names the file and the problem for malformed input', () => {
    expect(() => parseSafetensors(new Uint8Array(4), 'x.pt')).toThrow('x.pt: expected a safetensors file (8-byte header length), found 4 bytes');
    // A pickle's first bytes read as an absurd header length.
    expect(() => parseSafetensors(new Uint8Array([0x80, 2, 0x63, 0x63, 0x6f, 0x6c, 0x6c, 0x65, 0x63, 0x74]), 'x.pt')).toThrow(/x\.pt: expected a safetensors header of at most 2 bytes/);
    const bad = single('F32', [2], new Uint8Array(4));
    expect(() => parseSafetensors(bad, 'y').tensors.get('t')!.toFloat32()).toThrow("y: tensor 't': expected 8 bytes for 2 F32 values, found 4");
    const header = new TextEncoder().encode('{"t": {"dtype": "F32", "shape": [1], "data_offsets": [0, 40]}}');
    const outOfRange = new Uint8Array(8 + header.byteLength + 4);
    new DataView(outOfRange.buffer).setBigUint64(0, BigInt(header.byteLength), true);
    outOfRange.set(header, 8);
    expect(() => parseSafetensors(outOfRange, 'z')).toThrow("z: tensor 't': data_offsets [0, 40] fall outside the 4 data bytes");
  });
});
