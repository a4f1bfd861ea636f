import type { File as H5File } from 'h5wasm';
import { openHdf5, requireDataset } from '../../io/hdf5.js';
import type { DepthMap, RgbImage } from '../../io/image-types.js';
import { nyuLabeled } from '../nyu-spec.js';

/**
 * nyu_depth_v2_labeled.mat (MATLAB v7.3 = HDF5). MATLAB stores column-major, so HDF5's row-major
 * view reverses every axis: images [N, 3, W, H] uint8, depths / rawDepths [N, W, H] float32.
 * Frames are read one at a time (the file is 2.8 GB).
 */
export class NyuLabeledMat {
  private constructor(
    private readonly h5: H5File,
    readonly file: string,
    readonly count: number,
    readonly width: number,
    readonly height: number,
  ) {}

  static async open(file: string): Promise<NyuLabeledMat> {
    const h5 = await openHdf5(file, 'NYU Depth v2 labeled .mat');
    try {
      const names = nyuLabeled.datasets;
      const images = requireDataset(h5, names.images, file).shape;
      if (images.length !== 4 || images[1] !== 3) {
        throw new Error(`${file}: expected '${names.images}' of shape [N, 3, W, H], found [${images.join(', ')}]`);
      }
      const [count, , width, height] = images;
      for (const name of [names.depths, names.rawDepths]) {
        const shape = requireDataset(h5, name, file).shape;
        if (shape.join() !== [count, width, height].join()) {
          throw new Error(`${file}: expected '${name}' of shape [${count}, ${width}, ${height}] to match the images, found [${shape.join(', ')}]`);
        }
      }
      return new NyuLabeledMat(h5, file, count, width, height);
    } catch (error) {
      h5.close();
      throw error;
    }
  }

  /** Frame `index` (0-based) as HWC RGB. */
  image(index: number): RgbImage {
    const { width, height } = this;
    const planes = this.slice(nyuLabeled.datasets.images, index, 4) as ArrayLike<number>;
    const data = new Uint8Array(width * height * 3);
    // stored [c][x][y]  →  wanted [y][x][c]
    for (let c = 0; c < 3; c++) {
      for (let x = 0; x < width; x++) {
        const base = (c * width + x) * height;
        for (let y = 0; y < height; y++) data[(y * width + x) * 3 + c] = planes[base + y];
      }
    }
    return { width, height, data };
  }

  /** Depth in metres: `rawDepths` (projected Kinect, holes = 0) or the inpainted `depths`. */
  depth(index: number, which: 'rawDepths' | 'depths' = 'rawDepths'): DepthMap {
    const { width, height } = this;
    const stored = this.slice(nyuLabeled.datasets[which], index, 3) as ArrayLike<number>;
    const data = new Float32Array(width * height);
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) data[y * width + x] = stored[x * height + y];
    }
    return { width, height, data };
  }

  close(): void {
    this.h5.close();
  }

  private slice(name: string, index: number, rank: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new Error(`${this.file}: frame index ${index} is outside 0..${this.count - 1}`);
    }
    const { dataset } = requireDataset(this.h5, name, this.file);
    // h5wasm slices: [start, stop] per axis, [] for the whole axis.
    const ranges: ([number, number] | [])[] = [[index, index + 1]];
    while (ranges.length < rank) ranges.push([]);
    const values = dataset.slice(ranges);
    if (!values || typeof values !== 'object' || !('length' in values)) {
      throw new Error(`${this.file}: '${name}' frame ${index} did not read as a numeric array`);
    }
    return values;
  }
}
