import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hmaDepth } from '@depthkit/hma-depth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BenchInterrupted, runBench, type BenchOptions } from '../src/run-bench.js';
import { benchSuites } from '../src/suites.js';

// The bench's trainings checkpoint and stop on a signal like the method CLIs, and `resume`
// continues them in the same folder.
describe('bench: a stopped training resumes in the same folder', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'depthkit-bench-resume-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('an abort stops the training after a checkpoint and throws BenchInterrupted; resume finishes the run', async () => {
    const outDir = path.join(root, 'run');
    const methodDir = path.join(outDir, hmaDepth.id);
    const options: BenchOptions = {
      suite: benchSuites.kitti, methods: [hmaDepth], outDir, steps: 6, syntheticTrain: 8, syntheticTest: 2,
      gridImages: 1, engine: 'wasm', progress: 'none', log: () => undefined, checkpointEverySteps: 1,
    };
    const controller = new AbortController();
    // Stop as a Ctrl-C would, once the first checkpoint is on disk.
    const watch = setInterval(() => {
      if (existsSync(path.join(methodDir, 'checkpoints', 'last', 'state.json'))) controller.abort('SIGINT');
    }, 20);
    const stopped = await runBench({ ...options, signal: controller.signal }).catch((e: unknown) => e).finally(() => clearInterval(watch));
    expect(stopped).toBeInstanceOf(BenchInterrupted);
    const { interrupted } = stopped as BenchInterrupted;
    expect(interrupted).toMatchObject({ method: 'hma-depth', signal: 'SIGINT', total: 6, resumedFrom: 0, checkpointDir: path.join(methodDir, 'checkpoints', 'last') });
    expect(interrupted.step).toBeGreaterThanOrEqual(1);
    expect(interrupted.step).toBeLessThan(6);
    expect(existsSync(path.join(outDir, 'results.json'))).toBe(false);

    // Reusing the folder without saying how is refused for the method (nothing overwritten).
    const reused = await runBench(options);
    expect(reused.results.methods[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('already holds a training run') });

    const lines: string[] = [];
    const resumed = await runBench({ ...options, resume: true, log: (line) => lines.push(line) });
    expect(resumed.results.methods[0]).toMatchObject({ method: 'hma-depth', status: 'ok', trainSteps: 6 });
    expect(lines).toContain(`hma-depth: resumed from step ${interrupted.step} (${path.join(methodDir, 'checkpoints', 'last')})`);
    const log = (await readFile(path.join(methodDir, 'train-log.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; step: number });
    expect(log.filter((e) => e.kind === 'resume').map((e) => e.step)).toEqual([interrupted.step]);
  });
});
