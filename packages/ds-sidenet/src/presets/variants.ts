import { definePreset, type MethodPreset } from '@depthkit/core/web';
import type { DsSidenetConfig } from '../config.js';
import { kittiPreset } from './kitti.js';
import { nyuPreset } from './nyu.js';

/** The `kitti` preset with another Table 8 decoder; training and test padding unchanged. */
function kittiVariant(name: string, row: string, change: Partial<DsSidenetConfig>): MethodPreset<DsSidenetConfig> {
  return definePreset<DsSidenetConfig>({
    ...kittiPreset,
    name,
    config: { ...kittiPreset.config, ...change },
    description: `KITTI, high-range DS-SIDENet, Table 8 "${row}" (otherwise as kitti)`,
  });
}

/** Table 8's other rows (the `kitti` preset is "+SAM Block 3"). */
export const table8Presets = {
  'kitti-shg': kittiVariant('kitti-shg', '+SHG Block 3', { contextModule: 'shg', contextBlock: 3 }),
  'kitti-sam4': kittiVariant('kitti-sam4', '+SAM Block 4', { contextModule: 'sam', contextBlock: 4 }),
  'kitti-sam5': kittiVariant('kitti-sam5', '+SAM Block 5', { contextModule: 'sam', contextBlock: 5 }),
  'kitti-plain': kittiVariant('kitti-plain', 'noSHG/SAM', { contextModule: 'none' }),
};

/** §5.3.1's last paragraph: the `nyu` network with the fusion network, tested on its output. */
export const nyuFusionPreset = definePreset<DsSidenetConfig>({
  ...nyuPreset,
  name: 'nyu-fusion',
  config: { ...nyuPreset.config, fusion: true, testBranch: 'fused' },
  description: 'NYU Depth v2, low-range DS-SIDENet with the fusion network over both branches (§5.3.1), tested on the fused output',
});
