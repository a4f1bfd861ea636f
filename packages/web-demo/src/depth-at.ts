/** What the page knows of one estimate: depth in metres, row-major, at `width`×`height`. */
export interface DepthGrid {
  depth: Float32Array;
  width: number;
  height: number;
}

/**
 * The depth under the pointer: `(x, y)` in CSS pixels on an element of `box` size showing the
 * depth map stretched to it. Null outside the picture.
 */
export function depthAt(grid: DepthGrid, x: number, y: number, box: { width: number; height: number }): { x: number; y: number; metres: number } | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const col = Math.floor((x / box.width) * grid.width);
  const row = Math.floor((y / box.height) * grid.height);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { x: col, y: row, metres: grid.depth[row * grid.width + col] };
}

/** Median of a sliding window of frame times: one slow frame (a GC, a shader compile) does not jump the figure. */
export class FrameTimes {
  private readonly times: number[] = [];
  constructor(private readonly window = 15) {}

  add(ms: number): number {
    this.times.push(ms);
    if (this.times.length > this.window) this.times.shift();
    const sorted = [...this.times].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  clear(): void {
    this.times.length = 0;
  }
}
