import { initEngine } from '@depthkit/core';
import { segmentDepth } from '@depthkit/segment-depth';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { benchSettings } from './methods.js';
import { runMethod } from './run-method.js';
import { resolveSuiteData } from './suite-data.js';
import { benchSuites } from './suites.js';

describe('runMethod with predict-time settings', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('scores segment-depth on KITTI with and without matchTestFocal, each row naming its setting', { timeout: 600_000 }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'dk-bench-settings-'));
    const log = () => undefined;
    const data = await resolveSuiteData(benchSuites.kitti, { cacheDir: path.join(root, 'cache'), seed: 0, syntheticTrain: 4, syntheticTest: 2, log });
    const settings = benchSettings['segment-depth'];
    // What predict was given, per call: the setting's matchTestFocal and whether the camera came along.
    const calls: Array<[boolean, boolean]> = [];
    const method: typeof segmentDepth = {
      ...segmentDepth,
      predict: (built, images, config, context) => {
        calls.push([config.matchTestFocal, context?.intrinsics != null]);
        return segmentDepth.predict(built, images, config, context);
      },
    };
    const { rows, kept } = await runMethod(method, {
      suite: benchSuites.kitti, data, outDir: path.join(root, 'segment-depth'), budgetSeconds: 120, steps: 1, seed: 0, keep: 1, log, progress: 'none', settings,
    });
    expect(rows.map((r) => [r.status, r.setting])).toEqual([['ok', settings[0].name], ['ok', settings[1].name]]);
    expect(settings.map((s) => s.config.matchTestFocal)).toEqual([true, false]);
    for (const row of rows) {
      expect(row.images, row.setting).toBe(2);
      expect(row.metrics!.abs_rel, row.setting).toBeGreaterThan(0);
      expect(Number.isFinite(row.metrics!.rmse), row.setting).toBe(true);
    }
    // Each setting reached predict with KITTI's camera (segment-depth's predict.test.ts shows
    // the two settings run the network at different sizes).
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(calls.filter(([match]) => match).length).toBe(calls.length / 2);
    expect(calls.every(([, camera]) => camera)).toBe(true);
    expect(calls.slice(0, calls.length / 2).every(([match]) => match)).toBe(true);
    expect(kept.length).toBe(1);
  });
});
