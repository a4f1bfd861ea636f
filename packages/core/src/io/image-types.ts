/** 8-bit RGB, row-major, channels interleaved (HWC). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A 16-bit PNG's samples exactly as stored, row-major, channels interleaved. */
export interface Png16Image {
  width: number;
  height: number;
  channels: number;
  data: Uint16Array;
}

/** Depth in metres, row-major; 0 marks a pixel without a measurement. */
export interface DepthMap {
  width: number;
  height: number;
  data: Float32Array;
}
