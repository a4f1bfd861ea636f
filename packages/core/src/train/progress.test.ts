import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, formatRate, tickStepClock, type ProgressInfo, type StepClock } from './progress.js';

const info = (step: number): ProgressInfo => ({ step, epoch: 1, loss: 0.25, terms: { silog: 0.2 }, lr: 1e-4, imagesPerSec: 12.5, eta: 125 });

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

describe('progress', () => {
  it('prints plain periodic lines when stderr is not a terminal', () => {
    const out = capture(false);
    const progress = createProgress({ total: 100, start: 0, stream: out.stream, every: 25 });
    for (let s = 1; s <= 100; s++) progress.update(info(s));
    progress.note('validation at step 50: abs_rel 0.1');
    progress.stop();
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toBe('step 1/100 (1%) epoch 1 loss 0.2500 silog 0.2000 lr 1.00e-4 12.5 img/s ETA 2m05s');
    expect(lines.slice(1, 5).map((l) => l.split(' ')[1])).toEqual(['25/100', '50/100', '75/100', '100/100']);
    expect(lines[5]).toContain('validation at step 50');
  });

  it('draws a cli-progress bar on a terminal', () => {
    const out = capture(true);
    const progress = createProgress({ mode: 'bar', total: 10, start: 2, stream: out.stream });
    progress.update(info(3));
    progress.stop();
    expect(out.text()).toMatch(/3\/10 \| epoch 1 \| loss 0\.2500 \| lr 1\.00e-4 \| 12\.5 img\/s \| ETA 2m05s/);
  });

  it('formats durations', () => {
    expect([5, 65, 3725, NaN].map(formatDuration)).toEqual(['5s', '1m05s', '1h02m', '-']);
  });
});

describe('formatRate', () => {
  it('reads images per second, and seconds per image below one (a paper-shape CPU step)', () => {
    expect(formatRate(12.54)).toBe('12.5 img/s');
    expect(formatRate(1)).toBe('1.0 img/s');
    expect(formatRate(0.0201)).toBe('49.8 s/img');
    expect(formatRate(0)).toBe('0.0 img/s');
  });
});

describe('tickStepClock', () => {
  const run = (seconds: number[]) => seconds.reduce<StepClock>((clock, s) => tickStepClock(clock, s), { seconds: NaN, stepsSoFar: 0 });

  it('drops the first step (all-new memory) and averages from the second', () => {
    // hma-depth kitti on onednn: 73.9 s, then ~16 s a step.
    expect(run([73.9]).seconds).toBe(73.9);
    expect(run([73.9, 16]).seconds).toBe(16);
    expect(run([73.9, 16, 26]).seconds).toBeCloseTo(17, 10);
  });

  it('moves a tenth of the way to each later step, so one slow checkpoint write barely shows', () => {
    expect(run([1, 10, 10, 10, 110]).seconds).toBeCloseTo(20, 10);
  });
});
