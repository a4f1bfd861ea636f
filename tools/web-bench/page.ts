/// <reference lib="dom" />
// The page bench:web drives: loads one exported model on one backend and times estimates at the
// preset's test size. Bundled with esbuild and served with the models and tfjs's wasm binaries.
import { loadDepthModel } from '@depthkit/web';

export interface PageRun {
  modelUrl: string;
  backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  warmups: number;
  frames: number;
}

export interface PageResult {
  backend: string;
  testSize: [number, number];
  loadMs: number;
  firstMs: number;
  frameMs: number[];
  peakHeapBytes: number | null;
}

const heap = (): number | null => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;

/** A deterministic street-like gradient with texture, so no backend sees a constant image. */
function testImage(height: number, width: number): ImageData {
  const image = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      image.data[i] = (x * 255) / width;
      image.data[i + 1] = (y * 255) / height;
      image.data[i + 2] = ((x * 7 + y * 13) % 64) * 4;
      image.data[i + 3] = 255;
    }
  }
  return image;
}

async function runBench(o: PageRun): Promise<PageResult> {
  let peak = heap();
  const note = () => { const h = heap(); if (h != null && (peak == null || h > peak)) peak = h; };
  const started = performance.now();
  const estimator = await loadDepthModel(o.modelUrl, { backend: o.backend, wasmPaths: new URL('wasm/', location.href).href });
  const loadMs = performance.now() - started;
  note();
  try {
    const [h, w] = estimator.testSize ?? [256, 512];
    const image = testImage(h, w);
    let t = performance.now();
    await estimator.estimate(image);
    const firstMs = performance.now() - t;
    for (let i = 1; i < o.warmups; i++) await estimator.estimate(image);
    const frameMs: number[] = [];
    for (let i = 0; i < o.frames; i++) {
      t = performance.now();
      await estimator.estimate(image);
      frameMs.push(performance.now() - t);
      note();
    }
    return { backend: estimator.backend, testSize: [h, w], loadMs, firstMs, frameMs, peakHeapBytes: peak };
  } finally {
    estimator.dispose();
  }
}

(window as unknown as { runBench: typeof runBench }).runBench = runBench;
