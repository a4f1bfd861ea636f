import { readFile, rm, truncate } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { colourizeDepth, predictSample, type RgbImage } from '@depthkit/core';
import { relativeError } from '@depthkit/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initWebBackend, loadDepthModel, toColour, type DepthEstimator } from '../src/index.js';
import { editMetadata, folderHandler, readRealImage, realImages, rgba, tinyModelFolder, tinyModels, type TinyModelFolder } from './model-folders.js';

const quiet = { backend: 'wasm', log: false } as const;
const folders = new Map<string, TinyModelFolder>();
let images: RgbImage[];

beforeAll(async () => {
  await initWebBackend(quiet);
  for (const { method, preset } of tinyModels) folders.set(method.id, await tinyModelFolder(method, preset));
  images = await Promise.all(realImages.map(readRealImage));
});

afterAll(async () => {
  for (const f of folders.values()) {
    f.loaded.built.model.dispose();
    await rm(path.dirname(f.dir), { recursive: true, force: true });
  }
});

/** Node's answer for one image: the CLI's path, on the model Node's loader read from the same folder. */
function nodeDepth(folder: TinyModelFolder, rgb: RgbImage, intrinsics?: Parameters<typeof predictSample>[5]): Float32Array {
  const preset = folder.method.presets[folder.preset];
  return predictSample(folder.method, folder.loaded.built, folder.loaded.config, rgb, preset.training.testSize, intrinsics).data;
}

describe('loadDepthModel + estimate = Node\'s predictSample (wasm, each method\'s tiny preset)', () => {
  for (const { method, preset } of tinyModels) {
    it(`${method.id} (${preset}): three real images as ImageData, one as a tensor`, async () => {
      const folder = folders.get(method.id)!;
      const estimator = await loadDepthModel(folderHandler(folder.dir), quiet);
      try {
        expect(estimator).toMatchObject({ method: method.id, preset, dataset: method.presets[preset].dataset.name, backend: 'wasm' });
        expect(estimator.testSize).toEqual(method.presets[preset].training.testSize ?? null);
        for (const [i, rgb] of images.entries()) {
          const expected = nodeDepth(folder, rgb);
          const fromPixels = await estimator.estimate(rgba(rgb));
          expect([fromPixels.width, fromPixels.height]).toEqual([rgb.width, rgb.height]);
          const error = relativeError(fromPixels.depth, expected);
          console.log(`${method.id} ${realImages[i]}: max rel. error ${error.toExponential(2)} (wasm, Node)`);
          expect(error).toBeLessThan(1e-5);
          expect(fromPixels.min).toBe(expected.reduce((a, b) => Math.min(a, b)));
          expect(fromPixels.max).toBe(expected.reduce((a, b) => Math.max(a, b)));
          expect(fromPixels.max).toBeGreaterThan(fromPixels.min);
          if (i > 0) continue; // the tensor path once: segment-depth predicts at full size, seconds a frame
          const tensor = tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32');
          const fromTensor = await estimator.estimate(tensor);
          tensor.dispose();
          expect(relativeError(fromTensor.depth, expected)).toBeLessThan(1e-5);
        }
      } finally {
        estimator.dispose();
      }
    });
  }

  it('passes the camera on as the CLI does (segment-depth corrects for the focal length)', async () => {
    const folder = folders.get('segment-depth')!;
    const estimator = await loadDepthModel(folderHandler(folder.dir), quiet);
    // The 2011_09_26 KITTI camera the shared frames were taken with (PROVENANCE.md).
    const camera = { fx: 721.5377, fy: 721.5377, cx: 609.5593, cy: 172.854 };
    const withCamera = await estimator.estimate(rgba(images[0]), { intrinsics: camera });
    const without = await estimator.estimate(rgba(images[0]));
    estimator.dispose();
    expect(relativeError(withCamera.depth, nodeDepth(folder, images[0], camera))).toBeLessThan(1e-5);
    expect(relativeError(without.depth, nodeDepth(folder, images[0]))).toBeLessThan(1e-5);
    expect(relativeError(withCamera.depth, without.depth)).toBeGreaterThan(1e-3);
  });

  it('leaves no tensor behind: loading, 20 estimates and dispose', async () => {
    const folder = folders.get('hma-depth')!;
    const before = tf.memory().numTensors;
    const estimator = await loadDepthModel(folderHandler(folder.dir), quiet);
    const loaded = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) await estimator.estimate(rgba(images[i % images.length]));
    expect(tf.memory().numTensors).toBe(loaded);
    estimator.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('clear errors', () => {
  async function copyOf(id: string): Promise<string> {
    const { dir } = folders.get(id)!;
    const copy = path.join(path.dirname(dir), `broken-${Math.random().toString(36).slice(2)}`);
    await (await import('node:fs/promises')).cp(dir, copy, { recursive: true });
    return copy;
  }

  it('names an unknown method id and lists the five', async () => {
    const dir = await copyOf('hma-depth');
    await editMetadata(dir, (d) => { d.method = 'midas'; });
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow(
      'userDefinedMetadata.depthkit.method is "midas"; expected one of hma-depth, deeplab-sid, ds-sidenet, region-support, segment-depth',
    );
  });

  it('refuses a model.json without depthkit metadata', async () => {
    const dir = await copyOf('hma-depth');
    await editMetadata(dir, (_d, json) => { json.userDefinedMetadata = { other: 1 }; });
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow(
      /no depthkit metadata \(userDefinedMetadata\.depthkit\); expected a model folder written by '<method> train' or '<method> export --web', found userDefinedMetadata with other/,
    );
  });

  it('refuses an unknown preset, naming the method\'s presets', async () => {
    const dir = await copyOf('hma-depth');
    await editMetadata(dir, (d) => { d.preset = 'huge'; });
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow('preset is "huge"; expected one of hma-depth\'s presets: kitti, nyu, tiny, tiny-nyu');
  });

  it('refuses a short weight file, with the bytes expected and found', async () => {
    const dir = await copyOf('hma-depth');
    const file = path.join(dir, 'weights.bin');
    const size = (await readFile(file)).byteLength;
    await truncate(file, size - 100);
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow(
      `expected ${size} bytes of weights (what the `,
    );
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow(`found ${size - 100}; the folder is damaged`);
  });

  it('refuses weights that do not fit the network the config builds', async () => {
    const dir = await copyOf('hma-depth');
    await editMetadata(dir, (d) => { (d.config as { decoderWidth: number }).decoderWidth = 128; });
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow(/saved weights \(\d+ tensors\) do not fit the network the recorded config builds \(\d+\); the first that differs, #\d+ '[^']+', is \[[\d,]+\] saved, \[[\d,]+\] built/);
  });

  it('refuses a bad config value before building anything', async () => {
    const dir = await copyOf('hma-depth');
    await editMetadata(dir, (d) => { (d.config as { decoderWidth: unknown }).decoderWidth = 'wide'; });
    await expect(loadDepthModel(folderHandler(dir), quiet)).rejects.toThrow("userDefinedMetadata.depthkit.config: config 'decoderWidth': expected number (like 512), found \"wide\"");
  });

  it('refuses a source that is none of the kinds', async () => {
    await expect(loadDepthModel(42 as never, quiet)).rejects.toThrow('loadDepthModel: expected the URL of a model folder or its model.json, the folder\'s File objects (a FileList or File[]), or a tf.io.IOHandler; found number 42');
    await expect(loadDepthModel([], quiet)).rejects.toThrow('expected a model folder\'s files (model.json and its weight files), found an empty list');
  });

  it('names the image kind expected and found', async () => {
    const estimator = await loadDepthModel(folderHandler(folders.get('hma-depth')!.dir), quiet);
    try {
      await expect(estimator.estimate('photo.png' as never)).rejects.toThrow(
        'estimate: expected an HTMLImageElement, ImageBitmap, ImageData, HTMLCanvasElement, HTMLVideoElement, OffscreenCanvas or tf.Tensor3D [height, width, 3] of 0–255 values; found string "photo.png"',
      );
      const grey = tf.zeros([4, 5, 1]) as tf.Tensor3D;
      await expect(estimator.estimate(grey)).rejects.toThrow('expected a tf.Tensor3D [height, width, 3] (or 4, RGBA) of 0–255 values, found a tensor of shape [4, 5, 1]');
      grey.dispose();
      const unit = tf.fill([4, 5, 3], 0.5) as tf.Tensor3D;
      await expect(estimator.estimate(unit)).rejects.toThrow('expected an image tensor of integers 0–255 (as tf.browser.fromPixels gives; scale a 0–1 image by 255 and round), found 0.5 at pixel 0,0 channel 0');
      unit.dispose();
      await expect(estimator.estimate({ width: 4, height: 5, data: new Uint8ClampedArray(60) } as never)).rejects.toThrow('expected ImageData of 4×5 to hold 80 RGBA bytes, found 60');
    } finally {
      estimator.dispose();
    }
    await expect(estimator.estimate(rgba(images[0]))).rejects.toThrow('this hma-depth estimator was disposed');
  });
});

describe('toColour', () => {
  it('colours as the CLI does (inverse depth, magma, min to the 95th percentile), opaque', () => {
    const depth = Float32Array.from({ length: 40 }, (_, i) => 1 + i / 4);
    const image = toColour({ depth, width: 8, height: 5 });
    const cli = colourizeDepth({ width: 8, height: 5, data: depth });
    for (let p = 0; p < 40; p++) {
      expect([...image.data.slice(p * 4, p * 4 + 4)]).toEqual([...cli.data.slice(p * 3, p * 3 + 3), 255]);
    }
  });

  it('over a range in metres: near is the map\'s top colour, far its bottom, no depth black', () => {
    const image = toColour({ depth: Float32Array.from([2, 4, 20, 0]), width: 4, height: 1 }, 'turbo', [2, 20]);
    const top = colourizeDepth({ width: 1, height: 1, data: Float32Array.of(1) }, { colormap: 'turbo', range: [0, 1] });
    const bottom = colourizeDepth({ width: 1, height: 1, data: Float32Array.of(1) }, { colormap: 'turbo', range: [1, 2] });
    expect([...image.data.slice(0, 3)]).toEqual([...top.data]);
    expect([...image.data.slice(8, 11)]).toEqual([...bottom.data]);
    expect([...image.data.slice(12, 16)]).toEqual([0, 0, 0, 255]);
    expect(() => toColour({ depth: Float32Array.of(1), width: 1, height: 1 }, 'magma', [5, 1])).toThrow('expected range [near, far] metres with 0 < near < far, found [5, 1]');
  });
});
