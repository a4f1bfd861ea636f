// The test page's script (bundled by esbuild for the browser): @depthkit/web as a page uses it,
// exposed to the Playwright test as window.depthkitTest. Results cross to Node as base64 bytes.
import * as tf from '@tensorflow/tfjs-core';
import { loadDepthModel, toColour, type DepthEstimator, type WebBackendName } from '../../src/index.js';

const images = new Map<string, HTMLImageElement>();
const scaled = new Map<string, HTMLCanvasElement>();
let estimator: DepthEstimator | null = null;

function base64(bytes: Uint8Array | Uint8ClampedArray): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

async function image(url: string): Promise<HTMLImageElement> {
  let img = images.get(url);
  if (!img) {
    img = new Image();
    img.src = url;
    await img.decode();
    images.set(url, img);
  }
  return img;
}

/**
 * The image itself (scale 1), or drawn smaller into a canvas: SwiftShader's software WebGL takes
 * minutes for a full-size frame through the networks that run at the image's own size.
 */
async function source(url: string, scale: number): Promise<HTMLImageElement | HTMLCanvasElement> {
  const img = await image(url);
  if (scale === 1) return img;
  const key = `${url}@${scale}`;
  let canvas = scaled.get(key);
  if (!canvas) {
    canvas = Object.assign(document.createElement('canvas'), { width: Math.round(img.naturalWidth * scale), height: Math.round(img.naturalHeight * scale) });
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    scaled.set(key, canvas);
  }
  return canvas;
}

function fileInput(): HTMLInputElement {
  return document.getElementById('files') as HTMLInputElement;
}

const api = {
  /** The page's decoding of an image, as RGBA base64 (what Node's reference is computed on). */
  async decode(url: string, scale = 1) {
    const img = await source(url, scale);
    const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const context = canvas.getContext('2d', { willReadFrequently: true })!;
    context.drawImage(img, 0, 0);
    return { width: canvas.width, height: canvas.height, rgba: base64(context.getImageData(0, 0, canvas.width, canvas.height).data) };
  },
  /** Loads a model from a URL or from the file input's files; returns what the estimator says about itself, or the error. */
  async load(from: string | 'files', backend: WebBackendName) {
    estimator?.dispose();
    estimator = null;
    try {
      const progress: number[] = [];
      const log: string[] = [];
      estimator = await loadDepthModel(from === 'files' ? fileInput().files! : from, { backend, log: (line) => log.push(line), onProgress: (f) => progress.push(f) });
      const { method, preset, dataset, testSize } = estimator;
      return { ok: true as const, method, preset, dataset, testSize, backend: estimator.backend, progress, log };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  },
  /** Depth for an image URL (an HTMLImageElement, as a page passes it), as float32 base64. */
  async estimate(url: string, scale = 1) {
    const img = await source(url, scale);
    const started = performance.now();
    const result = await estimator!.estimate(img);
    const ms = performance.now() - started;
    const colour = toColour(result);
    return {
      width: result.width, height: result.height, min: result.min, max: result.max, ms,
      depth: base64(new Uint8Array(result.depth.buffer, result.depth.byteOffset, result.depth.byteLength)),
      colourSample: Array.from(colour.data.slice(0, 8)),
    };
  },
  /** Tensors alive before and after `count` estimates of one image (the model stays loaded). */
  async leakCheck(url: string, count: number, scale = 1) {
    const img = await source(url, scale);
    await estimator!.estimate(img);
    const before = tf.memory().numTensors;
    for (let i = 0; i < count; i++) await estimator!.estimate(img);
    const after = tf.memory().numTensors;
    estimator!.dispose();
    estimator = null;
    return { before, after, afterDispose: tf.memory().numTensors };
  },
  /** Reads a model folder over HTTP with tfjs and stores it in IndexedDB under `name` (as an app caching a model would). */
  async copyToIndexedDb(url: string, name: string) {
    const artifacts = await tf.io.http(url).load!();
    await tf.io.getSaveHandlers(`indexeddb://${name}`)[0].save!(artifacts);
  },
  async estimateError(what: 'string' | 'broken-image') {
    try {
      if (what === 'string') await estimator!.estimate('photo.png' as never);
      else await estimator!.estimate(new Image());
      return 'no error';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  },
};

(window as unknown as { depthkitTest: typeof api }).depthkitTest = api;
document.body.dataset.ready = 'true';
