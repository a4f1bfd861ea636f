import type { DepthMap } from '../io/image-types.js';

/** Where a KB-cropped prediction sits in the full image: bottom rows, horizontally centred. */
export function kbCropOffset(gtHeight: number, gtWidth: number, crop: { height: number; width: number }): { top: number; left: number } {
  // int(height − 352), int((width − 1216) / 2) in BTS: the division truncates.
  return { top: gtHeight - crop.height, left: Math.trunc((gtWidth - crop.width) / 2) };
}

/**
 * Pastes a prediction made on the KB crop back into a zero map of the GT size, as bts_eval.py
 * does before clamping — so pixels outside the window become minDepth after the clamp and are
 * scored if the protocol's crop reaches them (Garg and Eigen crops lie inside the window).
 */
export function pasteKbCrop(
  pred: DepthMap,
  gtHeight: number,
  gtWidth: number,
  crop: { height: number; width: number },
  out: Float32Array = new Float32Array(gtHeight * gtWidth),
): Float32Array {
  if (pred.height !== crop.height || pred.width !== crop.width) {
    throw new Error(`KB crop: prediction must be ${crop.height}×${crop.width}, found ${pred.height}×${pred.width}`);
  }
  if (gtHeight < crop.height || gtWidth < crop.width) {
    throw new Error(`KB crop: ground truth ${gtHeight}×${gtWidth} is smaller than the ${crop.height}×${crop.width} crop`);
  }
  const { top, left } = kbCropOffset(gtHeight, gtWidth, crop);
  out.fill(0);
  for (let y = 0; y < crop.height; y++) {
    out.set(pred.data.subarray(y * crop.width, (y + 1) * crop.width), (top + y) * gtWidth + left);
  }
  return out;
}
