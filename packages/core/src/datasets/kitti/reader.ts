import type { DepthMap } from '../../io/image-types.js';
import { readDepthPng } from '../../io/depth-png.js';
import { readRgbImage } from '../../io/read-image.js';
import { kittiSpec } from '../kitti-spec.js';
import { MissingGroundTruthError, iterateSamples, type SampleIterationOptions } from '../missing-ground-truth.js';
import { assertSameSize, type DepthSample } from '../sample.js';
import { readKittiCalibration, type KittiCalibration } from './calibration.js';
import { firstExisting } from '../first-existing.js';
import {
  kittiBenchmarkCandidates,
  kittiCalibDir,
  kittiCamera,
  kittiImageCandidates,
  kittiVelodynePath,
} from './layout.js';
import type { KittiEntry } from './split-entry.js';
import { projectVelodyne, readVelodyneBin } from './velodyne.js';

export type KittiGroundTruth = 'velodyne' | 'benchmark' | 'none';

export interface KittiReaderOptions {
  /** KITTI raw root, holding the date folders. */
  root: string;
  /** Where the depth-benchmark GT lives (default: `root`). */
  gtRoot?: string;
  groundTruth: KittiGroundTruth;
  /** Velodyne GT depth = velodyne x (default true, as monodepth2's Eigen GT) or camera z. */
  velDepth?: boolean;
}

/** The GT a named KITTI split is evaluated on, read from the spec. */
export function kittiGroundTruthOf(split: string): KittiGroundTruth {
  const gt = (kittiSpec.splits as Record<string, { groundTruth: string }>)[split]?.groundTruth;
  return gt === 'velodyne' || gt === 'benchmark' ? gt : 'none';
}

/** Reads KITTI raw frames with velodyne or benchmark GT; calibration is read once per date. */
export class KittiReader {
  private readonly calibrations = new Map<string, Promise<KittiCalibration>>();

  constructor(readonly options: KittiReaderOptions) {}

  calibration(entry: KittiEntry): Promise<KittiCalibration> {
    const key = `${entry.date}/${kittiCamera(entry)}`;
    let found = this.calibrations.get(key);
    if (!found) {
      found = readKittiCalibration(kittiCalibDir(this.options.root, entry), kittiCamera(entry));
      this.calibrations.set(key, found);
    }
    return found;
  }

  async read(entry: KittiEntry): Promise<DepthSample> {
    const calib = await this.calibration(entry);
    const candidates = kittiImageCandidates(this.options.root, entry);
    const rgbFile = await firstExisting(candidates);
    if (!rgbFile) throw new Error(`${candidates[0]}: missing KITTI image for '${entry.id}' (also tried .jpg)`);
    const rgb = await readRgbImage(rgbFile);
    if (rgb.width !== calib.width || rgb.height !== calib.height) {
      throw new Error(
        `${rgbFile}: image is ${rgb.width}×${rgb.height} but S_rect_0${calib.camera} in ${kittiCalibDir(this.options.root, entry)} says ${calib.width}×${calib.height}`,
      );
    }
    const depth = await this.groundTruth(entry, calib, rgbFile, rgb);
    return { id: entry.id, rgb, ...(depth ? { depth } : {}), intrinsics: calib.intrinsics };
  }

  /** Samples in list order; entries without GT raise, or are skipped and recorded if asked. */
  samples(entries: Iterable<KittiEntry>, options?: SampleIterationOptions): AsyncGenerator<DepthSample> {
    return iterateSamples(entries, (entry) => this.read(entry), options);
  }

  private async groundTruth(
    entry: KittiEntry,
    calib: KittiCalibration,
    rgbFile: string,
    rgb: { width: number; height: number },
  ): Promise<DepthMap | undefined> {
    if (this.options.groundTruth === 'none') return undefined;
    if (this.options.groundTruth === 'velodyne') {
      const bin = kittiVelodynePath(this.options.root, entry);
      if (!(await firstExisting([bin]))) throw new MissingGroundTruthError(entry.id, bin, 'velodyne scan not found');
      return projectVelodyne(await readVelodyneBin(bin), calib, { velDepth: this.options.velDepth ?? true }).depth;
    }
    if (entry.gtPath === null) {
      throw new MissingGroundTruthError(entry.id, rgbFile, "the split lists its benchmark GT as 'None'");
    }
    const candidates = kittiBenchmarkCandidates(this.options.gtRoot ?? this.options.root, entry);
    const file = await firstExisting(candidates);
    if (!file) throw new MissingGroundTruthError(entry.id, candidates[0], `benchmark GT not found; also tried ${candidates.slice(1).join(', ')}`);
    const depth = await readDepthPng(file, kittiSpec.depthScale, 'a KITTI depth-benchmark PNG (16-bit grey, depth × 256)');
    assertSameSize(rgbFile, rgb, file, depth);
    return depth;
  }
}
