/**
 * The KITTI devkit's `interpolateBackground` (devkit/cpp/io_depth.h), which evaluate_depth.cpp
 * runs on every prediction before scoring: a prediction pixel is a hole when it is not > 0 (the
 * devkit reads PNG value 0 as −1, "invalid"). Per row, a hole run between two valid pixels takes
 * the smaller of the two; leading and trailing runs copy the nearest valid pixel of the row. Then
 * per column, rows that are still holes copy the nearest valid pixel above or below. In place.
 */
export function fillInvalidPrediction(data: Float32Array, height: number, width: number): void {
  const valid = (v: number): boolean => v > 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let run = 0;
    for (let x = 0; x < width; x++) {
      if (!valid(data[row + x])) {
        run++;
        continue;
      }
      const first = x - run;
      if (run > 0 && first > 0) data.fill(Math.min(data[row + first - 1], data[row + x]), row + first, row + x);
      run = 0;
    }
    const left = firstValid(data, row, 1, width, valid);
    if (left >= 0) data.fill(data[row + left], row, row + left);
    const right = firstValid(data, row + width - 1, -1, width, valid);
    if (right >= 0) data.fill(data[row + width - 1 - right], row + width - right, row + width);
  }
  for (let x = 0; x < width; x++) {
    const top = firstValid(data, x, width, height, valid);
    if (top < 0) continue;
    for (let y = 0; y < top; y++) data[y * width + x] = data[top * width + x];
    const bottom = height - 1 - firstValid(data, (height - 1) * width + x, -width, height, valid);
    for (let y = bottom + 1; y < height; y++) data[y * width + x] = data[bottom * width + x];
  }
}

/** Steps from `start` by `stride` up to `count` times; how many steps to the first valid value, or −1. */
function firstValid(data: Float32Array, start: number, stride: number, count: number, valid: (v: number) => boolean): number {
  for (let k = 0; k < count; k++) if (valid(data[start + k * stride])) return k;
  return -1;
}
