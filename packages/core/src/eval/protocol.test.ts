import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import { defaultProtocolName, getProtocol, kbCropOf, parseProtocolName, protocolNames } from './protocol.js';

describe('evaluation protocols', () => {
  it('are the five named in the issue, and SYNTHIA\'s whole frame (segment-depth\'s held-out test)', () => {
    expect(protocolNames).toEqual(['kitti-garg', 'kitti-eigen', 'kitti-none', 'nyu', 'nyu-none', 'synthia']);
    const synthia = getProtocol('synthia');
    expect([synthia.dataset.name, synthia.cropName, synthia.maxDepth]).toEqual(['synthia', 'full', 80]);
  });

  it('take caps, depth scale and crops from the dataset specs', () => {
    const garg = getProtocol('kitti-garg');
    expect([garg.minDepth, garg.maxDepth, garg.depthScale]).toEqual([kittiSpec.minDepth, kittiSpec.maxDepth, kittiSpec.depthScale]);
    expect(garg.crop).toBe(kittiSpec.crops.garg);
    expect(getProtocol('kitti-eigen').crop).toBe(kittiSpec.crops.eigen);
    expect(getProtocol('kitti-none').crop).toBeNull();
    const nyu = getProtocol('nyu');
    expect([nyu.minDepth, nyu.maxDepth, nyu.depthScale]).toEqual([1e-3, 10, 1000]);
    expect(nyu.crop).toBe(nyuSpec.crops.eigen);
    expect(getProtocol('nyu-none').crop).toBeNull();
  });

  it("a dataset's default protocol is its default crop: kitti-garg, nyu, synthia", () => {
    expect(defaultProtocolName(kittiSpec)).toBe('kitti-garg');
    expect(defaultProtocolName(nyuSpec)).toBe('nyu');
    expect(defaultProtocolName(synthiaSpec)).toBe('synthia');
    const synthia = getProtocol('synthia');
    expect([synthia.minDepth, synthia.maxDepth, synthia.depthScale, synthia.crop]).toEqual([synthiaSpec.minDepth, synthiaSpec.maxDepth, synthiaSpec.depthScale, synthiaSpec.crops.full]);
  });

  it('KB crop comes from the KITTI spec; NYU has none', () => {
    expect(kbCropOf(getProtocol('kitti-none'))).toEqual({ height: 352, width: 1216 });
    expect(() => kbCropOf(getProtocol('nyu'))).toThrow(/dataset 'nyu' defines no KB crop/);
  });

  it('unknown names are an error listing the known ones', () => {
    expect(() => parseProtocolName('kitti', '--protocol')).toThrow(/--protocol: unknown protocol 'kitti'; expected one of kitti-garg, kitti-eigen/);
  });
});
