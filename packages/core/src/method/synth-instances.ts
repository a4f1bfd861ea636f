import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SourceSample } from '../datasets/pipeline/train-sample.js';
import { readGray16Png } from '../io/read-image.js';

/**
 * Where `depthkit synth` wrote a frame's instance map (16-bit ids, 0 = stuff), relative to the
 * data folder: `<drive>/depthkit/instance_0X/<frame>.png` (KITTI), `<scene>/depthkit/instance_<id>.png` (NYU).
 */
export function synthKittiInstancePath(entry: { date: string; drive: string; side: string; frame: number }): string {
  return path.join(entry.date, entry.drive, 'depthkit', entry.side === 'l' ? 'instance_02' : 'instance_03', `${String(entry.frame).padStart(10, '0')}.png`);
}

export function synthNyuInstancePath(rgbPath: string): string {
  return path.join(path.dirname(rgbPath), 'depthkit', path.basename(rgbPath).replace(/^rgb_(\d+)\.\w+$/, 'instance_$1.png'));
}

/**
 * A reader that adds the instance map when the data folder has one (synthetic data): methods
 * supervised by instances (region-support's region labels) get them in `batch.instances`;
 * real datasets, which have none, read exactly as before.
 */
export function withSynthInstances(read: (i: number) => Promise<SourceSample>, dataDir: string, instancePath: (i: number) => string): (i: number) => Promise<SourceSample> {
  return async (i) => {
    const sample = await read(i);
    const file = path.join(dataDir, instancePath(i));
    if (!existsSync(file)) return sample;
    const map = await readGray16Png(file, 'a depthkit synth instance map (16-bit greyscale ids)');
    if (map.width !== sample.rgb.width || map.height !== sample.rgb.height) {
      throw new Error(`${file}: instance map is ${map.width}×${map.height} but its image is ${sample.rgb.width}×${sample.rgb.height}`);
    }
    return { ...sample, instances: { width: map.width, height: map.height, data: map.data } };
  };
}
