import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateSynthDataset, type SynthLayout } from '@depthkit/core';
import type { BenchSuite } from './suites.js';

export interface SuiteDataOptions {
  /** The real dataset's root (`--data`, else the suite's environment variable). */
  dataRoot?: string;
  /** A list replacing the split's own (real data only). */
  splitFile?: string;
  /** Where synthetic suites are generated once and reused. */
  cacheDir: string;
  seed: number;
  /** Overrides of the suite's synthetic frame counts. */
  syntheticTrain?: number;
  syntheticTest?: number;
  log: (line: string) => void;
}

export interface SuiteData {
  kind: 'real' | 'synthetic';
  /** Folder whose test split the methods are scored on. */
  testDir: string;
  /** Synthetic frames of the suite's dataset that methods without a checkpoint train on. */
  trainDir: string;
  splitFile?: string;
  /** Said in every output: where the numbers come from. */
  description: string;
}

/** The suite's data: the real dataset when one is named, else the synthetic suite (generated once). */
export async function resolveSuiteData(suite: BenchSuite, o: SuiteDataOptions): Promise<SuiteData> {
  const counts = {
    train: o.syntheticTrain ?? suite.synthetic.train,
    test: o.syntheticTest ?? suite.synthetic.test,
  };
  const synthetic = await syntheticSuite(suite, counts, o);
  const root = o.dataRoot ?? process.env[suite.env];
  const synthWords = `depthkit synth --layout ${suite.name} (${counts.train} train / ${counts.test} test frames at ${suite.synthetic.size.join('×')}, seed ${o.seed})`;
  if (!root) {
    return {
      kind: 'synthetic',
      testDir: synthetic,
      trainDir: synthetic,
      description: `SYNTHETIC data, not ${suite.dataset.name.toUpperCase()}: ${synthWords}; no --data or ${suite.env} given`,
    };
  }
  if (!existsSync(root)) throw new Error(`bench: data root ${root} (from ${o.dataRoot ? '--data' : suite.env}) does not exist`);
  return {
    kind: 'real',
    testDir: path.resolve(root),
    trainDir: synthetic,
    splitFile: o.splitFile,
    description: `real ${suite.dataset.name.toUpperCase()} at ${path.resolve(root)} (split ${o.splitFile ?? suite.split}); models without a checkpoint trained on ${synthWords}`,
  };
}

/** Generates into a temporary folder renamed into place, so an interrupted run leaves no half suite. */
async function syntheticSuite(suite: BenchSuite, counts: { train: number; test: number }, o: SuiteDataOptions): Promise<string> {
  const [w, h] = suite.synthetic.size;
  const dir = path.join(o.cacheDir, `${suite.name}-${w}x${h}-${counts.train}-${counts.test}-seed${o.seed}`);
  if (existsSync(dir)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  o.log(`generating the synthetic ${suite.name} suite (${counts.train} train / ${counts.test} test frames) in ${dir}`);
  for (const split of ['train', 'test'] as const) {
    await generateSynthDataset({
      layout: suite.name as SynthLayout, out: partial, count: counts[split], split, size: suite.synthetic.size,
      seed: o.seed * 2 + (split === 'train' ? 1 : 2),
    });
  }
  await rename(partial, dir).catch(async (error: unknown) => {
    // Another bench generated the same suite meanwhile: theirs is as good as ours.
    if (!existsSync(dir)) throw error;
    await rm(partial, { recursive: true, force: true });
  });
  return dir;
}
