import type { DepthMap } from '../io/image-types.js';

/**
 * A .npy file as np.save writes it (format 1.0, header padded so the data starts on a 64-byte
 * boundary). `descr` and `payload` are taken as given, which lets tests write other dtypes.
 */
export function encodeNpy(descr: string, shape: number[], payload: Uint8Array, fortranOrder = false): Uint8Array {
  const dims = `${shape.join(', ')}${shape.length === 1 ? ',' : ''}`;
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': (${dims}), }`;
  const padding = (64 - ((10 + dict.length + 1) % 64)) % 64;
  const header = `${dict}${' '.repeat(padding)}\n`;
  const out = new Uint8Array(10 + header.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(payload, 10 + header.length);
  return out;
}

/** A depth map in metres as a little-endian float32 (H, W) .npy. */
export function encodeNpyDepth(map: DepthMap): Uint8Array {
  const data = map.data;
  return encodeNpy('<f4', [map.height, map.width], new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}
