import {
  depthMethodContractVersion, generateSynthDataset, initEngine, kittiSpec, loadMethodModel, nyuSpec, openSplit, saveMethodModel, writeRgbImage,
} from '@depthkit/core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dsSidenet } from '../src/method.js';
import { calibrateOnData } from '../src/robust/calibrate.js';
import { predictRobust, type RouteRecord } from '../src/robust/predict-robust.js';
import { trainRobust } from '../src/robust/train-robust.js';

// §3's coarse-depth router end to end on synthetic data: a small coarse network trained here on
// NYU-layout rooms and KITTI-layout streets mixed, σ calibrated on their held-out frames, then a
// folder of both kinds routed image by image. The low/high networks are untrained tiny ones:
// only the routing and the record of which network ran are under test here.
describe('robust SIDE: route a mixed folder with a coarse network trained in the test', () => {
  let nyuDir: string;
  let kittiDir: string;
  let work: string;
  const coarseHeight = 96;

  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
    work = await mkdtemp(path.join(tmpdir(), 'dk-dss-robust-'));
    nyuDir = path.join(work, 'nyu');
    kittiDir = path.join(work, 'kitti');
    await generateSynthDataset({ layout: 'nyu', out: nyuDir, count: 24, seed: 31, split: 'train', size: [640, 480] });
    await generateSynthDataset({ layout: 'nyu', out: nyuDir, count: 6, seed: 32, split: 'test', size: [640, 480] });
    await generateSynthDataset({ layout: 'kitti', out: kittiDir, count: 24, seed: 33, split: 'train', size: [320, 128] });
    await generateSynthDataset({ layout: 'kitti', out: kittiDir, count: 6, seed: 34, split: 'test', size: [320, 128] });
  }, 600_000);

  it('sends every indoor frame to the low-range network and every street to the high-range one, and records it', async () => {
    const coarse = await trainRobust({
      nyuDir, kittiDir, outDir: path.join(work, 'coarse'), log: 'none', steps: 100, batchSize: 4, crop: [64, 96],
      optimizer: { type: 'adam', lr: 3e-3 }, schedule: { type: 'poly', power: 0.9, endLr: 1e-4, warmupSteps: 5 },
      // §5.1's sizes scaled to the small synthetic frames: indoor ×0.2, KITTI ×0.75 (no padding needed).
      frames: { indoor: [96, 128], kittiPadded: [128, 320], kittiDown: [96, 240] },
      config: { widthScale: 0.25, bins: 40, task: 'soft-cl', testBranch: 'cls' },
    });
    const calibration = await calibrateOnData({ coarseModelDir: coarse.modelDir, lowDataDir: nyuDir, highDataDir: kittiDir, inputHeight: coarseHeight });
    console.log(`coarse network: loss ${coarse.losses[0].toFixed(3)} → ${coarse.losses.at(-1)!.toFixed(3)}; σ ${calibration.sigma.toFixed(2)} m, accuracy ${calibration.accuracy}; d_max low ≤ ${calibration.low.max.toFixed(2)}, high ≥ ${calibration.high.min.toFixed(2)}`);
    expect(calibration.accuracy).toBe(1);

    const mixed = path.join(work, 'mixed');
    await mkdir(mixed);
    const expected = new Map<string, 'low' | 'high'>();
    for (const [spec, dir, kind, range] of [[nyuSpec, nyuDir, 'indoor', 'low'], [kittiSpec, kittiDir, 'outdoor', 'high']] as const) {
      const split = await openSplit(spec, dir, 'test');
      for (let i = 0; i < split.ids.length; i++) {
        const file = path.join(mixed, `${kind}_${i}.png`);
        await writeRgbImage(file, (await split.read(i)).rgb);
        expected.set(file, range);
      }
    }
    const nets: Record<'low' | 'high', string> = { low: path.join(work, 'low', 'model'), high: path.join(work, 'high', 'model') };
    for (const [range, preset] of [['low', 'tiny-nyu'], ['high', 'tiny']] as const) {
      const config = dsSidenet.presets[preset].config;
      const built = dsSidenet.createModel(config);
      await saveMethodModel(nets[range], built, { contractVersion: depthMethodContractVersion, method: 'ds-sidenet', preset, dataset: dsSidenet.presets[preset].dataset.name, config, stride: built.stride });
      built.model.dispose();
    }

    const out = path.join(work, 'routed');
    const router = { kind: 'cde' as const, coarse: await loadMethodModel(dsSidenet, coarse.modelDir), sigma: calibration.sigma, inputHeight: coarseHeight };
    const records = await predictRobust({ input: mixed, outDir: out, router, lowModelDir: nets.low, highModelDir: nets.high });
    router.coarse.built.model.dispose();

    expect(records.length).toBe(12);
    for (const r of records) {
      expect({ image: path.basename(r.image), range: r.range }).toEqual({ image: path.basename(r.image), range: expected.get(r.image) });
      expect(r.network).toBe(path.resolve(nets[r.range]));
      expect(r.sigma).toBe(calibration.sigma);
      expect(r.range === 'high' ? r.maxDepth! > r.sigma! : r.maxDepth! <= r.sigma!).toBe(true);
      const stem = path.basename(r.image, '.png');
      expect(existsSync(path.join(out, 'npy', `${stem}.npy`)) && existsSync(path.join(out, 'depth', `${stem}.png`))).toBe(true);
    }
    const saved = JSON.parse(await readFile(path.join(out, 'routes.json'), 'utf8')) as RouteRecord[];
    expect(saved).toEqual(records);
  }, 1_800_000);
});
