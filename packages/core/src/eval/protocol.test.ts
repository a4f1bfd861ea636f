import { describe, expect, it } from 'vitest';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';
import { aliasProtocolNames, defaultProtocolName, getProtocol, kbCropOf, parseProtocolName, protocolNames, protocolsForDataset } from './protocol.js';

describe('evaluation protocols', () => {
  it('are the five named in the issue, and SYNTHIA\'s whole frame (segment-depth\'s held-out test)', () => {
    expect(aliasProtocolNames).toEqual(['kitti-garg', 'kitti-eigen', 'kitti-none', 'nyu', 'nyu-none', 'synthia']);
    expect(protocolNames.slice(0, 6)).toEqual(aliasProtocolNames);
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

  it('the published protocols of issue 21, each naming the public file it follows', () => {
    expect(protocolsForDataset(kittiSpec)).toEqual([
      'kitti-garg', 'kitti-eigen', 'kitti-none', 'bts-kitti', 'monodepth2-eigen', 'monodepth2-eigen-no-median',
      'adabins-kitti', 'zoedepth-kitti', 'depth-anything-v2-kitti', 'unidepth-kitti', 'kitti-benchmark',
    ]);
    expect(protocolsForDataset(nyuSpec)).toEqual(['nyu', 'nyu-none', 'bts-nyu', 'adabins-nyu', 'zoedepth-nyu', 'depth-anything-v2-nyu', 'unidepth-nyu']);
    for (const name of protocolNames) expect(getProtocol(name).follows, name).toMatch(/\.(py|cpp)|depthkit/);
    // Caps and crops still come from the specs; the devkit alone has none.
    expect(getProtocol('adabins-kitti').crop).toBe(kittiSpec.crops.garg);
    expect([getProtocol('unidepth-nyu').minDepth, getProtocol('unidepth-nyu').maxDepth]).toEqual([nyuSpec.minDepth, nyuSpec.maxDepth]);
    expect([getProtocol('kitti-benchmark').minDepth, getProtocol('kitti-benchmark').maxDepth]).toEqual([0, Infinity]);
  });

  it('unknown names are an error listing the known ones', () => {
    expect(() => parseProtocolName('kitti', '--protocol')).toThrow(/--protocol: unknown protocol 'kitti'; expected one of kitti-garg, kitti-eigen/);
  });
});
