import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import type { TorchvisionArch, OutputStride } from './backbone-types.js';
import { torchvisionParams, torchvisionParity } from './torchvision-twin.js';

/**
 * Parity with torchvision, DenseNets (ResNets and ResNeXt: torchvision-parity.test.ts,
 * split so each file stays well inside the time budget).
 */
const size = 64;
let dir: string;

describe('DenseNets agree with torchvision', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    dir = mkdtempSync(path.join(tmpdir(), 'dk-twin-densenet-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [TorchvisionArch, OutputStride][] = [['densenet121', 32], ['densenet161', 32]];
  for (const [arch, outputStride] of cases) {
    it(`${arch} at output stride ${outputStride}: torchvision's parameter count, every tap within 1e-4`, async () => {
      const report = await torchvisionParity(arch, outputStride, dir, size);
      expect([report.params, report.twin.params]).toEqual([torchvisionParams[arch], torchvisionParams[arch]]);
      expect(report.taps.map((t) => t.name)).toEqual(report.twin.taps);
      for (const tap of report.taps) {
        expect(tap.shape, tap.name).toEqual(tap.expectedShape);
        expect(tap.shape, tap.name).toEqual([1, size / tap.stride, size / tap.stride, tap.channels]);
        expect(tap.error, tap.name).toBeLessThan(1e-4);
      }
    });
  }
});
