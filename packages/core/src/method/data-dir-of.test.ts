import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirOf, type MethodModelMetadata } from './model-files.js';

const metadata = (dataDir?: string): MethodModelMetadata => ({ contractVersion: 1, method: 'm', preset: 'tiny', dataset: 'kitti', config: {}, stride: 32, dataDir });

describe('dataDirOf', () => {
  it('resolves the recorded data folder against the model folder', () => {
    expect(dataDirOf(undefined, metadata('../data'), '/runs/a/model')).toBe(path.resolve('/runs/a/data'));
  });
  it('keeps an absolute path recorded by older models, and a given folder wins', () => {
    expect(dataDirOf(undefined, metadata('/srv/kitti'), '/runs/a/model')).toBe('/srv/kitti');
    expect(dataDirOf('given', metadata('../data'), '/runs/a/model')).toBe('given');
  });
  it('names the model folder when no data folder is recorded', () => {
    expect(() => dataDirOf(undefined, metadata(), '/runs/a/model')).toThrow('/runs/a/model: the model records no data folder; pass --data');
  });
});
