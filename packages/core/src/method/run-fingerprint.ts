import { createHash } from 'node:crypto';
import path from 'node:path';
import type { RunFingerprint } from '../train/checkpoint/checkpoint.js';
import type { MethodPreset } from './depth-method.js';
import type { OpenedSplit } from './dataset-split.js';

export interface RunSettings {
  method: string;
  preset: MethodPreset<unknown>;
  dataDir: string;
  split: OpenedSplit;
  batchSize: number;
  accumulate: number;
  crop: [number, number];
  seed: number;
  /** `{ steps }` or `{ epochs }`: the schedule's length depends on it. */
  length: { steps?: number; epochs?: number };
}

/**
 * What a method run is made from, as a checkpoint records it: a resume with any of these
 * changed would not continue the same run (other batches, another schedule, other weights), so
 * fit() refuses it and lists the differences. The preset's config and recipe are hashed, the
 * rest is kept readable.
 */
export function methodRunFingerprint(s: RunSettings): RunFingerprint {
  const { preset } = s;
  // Words and checkpoint frequency change nothing about the weights.
  const recipe = { ...preset.training, source: undefined, checkpointEvery: undefined };
  return {
    method: s.method,
    preset: preset.name,
    ...splitFingerprint(s.split, s.dataDir),
    batch: s.batchSize,
    accumulate: s.accumulate,
    crop: `${s.crop[0]}x${s.crop[1]}`,
    seed: s.seed,
    steps: s.length.steps ?? null,
    epochs: s.length.epochs ?? null,
    presetConfigSha256: jsonSha256(preset.config),
    presetRecipeSha256: jsonSha256(recipe),
  };
}

/** A training split as a fingerprint records it: folder, list file, a hash of its entries, their count (keys prefixed with `prefix`). */
export function splitFingerprint(split: OpenedSplit, dataDir: string, prefix = ''): RunFingerprint {
  const key = (name: string) => (prefix ? `${prefix}${name[0].toUpperCase()}${name.slice(1)}` : name);
  return {
    [key('data')]: path.resolve(dataDir),
    [key('splitList')]: path.resolve(split.listFile),
    [key('splitListSha256')]: sha256(split.ids.join('\n')),
    [key('trainFrames')]: split.ids.length,
  };
}

/** A short SHA-256 of a value's JSON, for settings too long to list. */
export function jsonSha256(value: unknown): string {
  return sha256(JSON.stringify(value));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
