import sharp from 'sharp';
import {
  colourizeDepth, colourizeError, depthColourRange, openSplit, type DepthMap, type RgbImage,
} from '@depthkit/core';
import type { SuiteData } from '../suite-data.js';
import type { BenchSuite } from '../suites.js';

export interface GridSample {
  id: string;
  rgb: RgbImage;
  gt: DepthMap;
}

/** One image of the figure, ready to inline. */
export interface GridImage {
  label: string;
  dataUri: string;
}

export interface GridRow {
  id: string;
  inputs: GridImage[];
  /** Per method (report order): prediction and error map, or nothing when it has none. */
  methods: Array<{ method: string; images: GridImage[] }>;
}

/** Relative error painted with the top colour: one scale for every method, so maps compare. */
const errorCap = 0.5;
const figureWidth = 416;

export async function readGridSamples(suite: BenchSuite, data: SuiteData, count: number): Promise<GridSample[]> {
  if (count <= 0) return [];
  const split = await openSplit(suite.dataset, data.testDir, suite.split, { splitFile: data.splitFile });
  const samples: GridSample[] = [];
  for (let i = 0; i < Math.min(count, split.ids.length); i++) {
    const s = await split.read(i);
    if (s.depth) samples.push({ id: split.ids[i], rgb: s.rgb, gt: s.depth });
  }
  return samples;
}

/** RGB, GT and, per method, its depth (coloured on the GT's range) and relative-error map. */
export async function gridRows(samples: GridSample[], predictions: Array<{ method: string; kept: DepthMap[] }>): Promise<GridRow[]> {
  const rows: GridRow[] = [];
  for (const [i, sample] of samples.entries()) {
    const range = depthColourRange(sample.gt);
    const methods = [];
    for (const { method, kept } of predictions) {
      const pred = kept[i];
      methods.push({
        method,
        images: pred
          ? [
              { label: `${method}: depth`, dataUri: await dataUri(colourizeDepth(pred, { range })) },
              { label: `${method}: |error| / gt (0 – ${errorCap})`, dataUri: await dataUri(colourizeError(pred, sample.gt, { kind: 'rel', max: errorCap }), true) },
            ]
          : [],
      });
    }
    rows.push({
      id: sample.id,
      inputs: [
        { label: 'RGB', dataUri: await dataUri(sample.rgb) },
        { label: 'ground truth', dataUri: await dataUri(colourizeDepth(sample.gt, { range }), true) },
      ],
      methods,
    });
  }
  return rows;
}

/**
 * A PNG data URI no wider than the figure column. Sparse maps (LiDAR GT, its error map) shrink
 * with nearest neighbour: averaging would fade the scan lines into black.
 */
async function dataUri(image: RgbImage, sparse = false): Promise<string> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  if (image.width > figureWidth) pipeline = pipeline.resize({ width: figureWidth, kernel: sparse ? 'nearest' : 'lanczos3' });
  const png = await pipeline.png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
