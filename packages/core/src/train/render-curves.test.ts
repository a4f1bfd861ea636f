import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTrainingCurves } from './render-curves.js';
import type { TrainLogEntry } from './train-log.js';

describe('renderTrainingCurves', () => {
  it('draws the loss and validation metrics from a JSONL log as a PNG', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-curves-'));
    try {
      const entries: TrainLogEntry[] = [];
      for (let step = 1; step <= 50; step++) {
        entries.push({ kind: 'step', step, epoch: 0, lr: 1e-3, loss: 2 / step, terms: { l1: 1 / step }, imagesPerSec: 10, time: step });
        if (step % 10 === 0) entries.push({ kind: 'validation', step, epoch: 0, metrics: { abs_rel: 0.5 / step, d1: step / 60 }, time: step });
      }
      const log = path.join(dir, 'train-log.jsonl');
      // A torn last line (a killed run) is skipped.
      await writeFile(log, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n{"kind":"st`);
      const png = path.join(dir, 'curves.png');
      await renderTrainingCurves(log, png);
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      // One panel for the loss, one per metric.
      expect([info.width, info.height]).toEqual([960, 3 * 280]);
      // The loss curve's colour (#1f77b4) is drawn inside the first panel.
      let curvePixels = 0;
      let nonWhite = 0;
      for (let i = 0; i < data.length; i += 3) {
        if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) nonWhite++;
        if (Math.abs(data[i] - 0x1f) < 40 && Math.abs(data[i + 1] - 0x77) < 40 && Math.abs(data[i + 2] - 0xb4) < 40) curvePixels++;
      }
      expect(curvePixels).toBeGreaterThan(500);
      expect(nonWhite).toBeGreaterThan(curvePixels);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
