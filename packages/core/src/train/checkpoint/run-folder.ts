import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { trainFiles } from '../train-files.js';
import { Checkpoint, type RejectedCheckpoint, type RunFingerprint } from './checkpoint.js';
import { fingerprintDifferences, fingerprintRefusal } from './fingerprint.js';

/**
 * Refuses before any work is done: `resume` without a sound checkpoint in `outDir`, or a fresh
 * run into a folder that holds one without `overwrite` (fit() checks the same again).
 */
export async function checkRunFolder(outDir: string, o: { resume?: boolean; overwrite?: boolean }): Promise<void> {
  if (o.resume) {
    const found = await checkpointOf(outDir).read();
    if (!found.state) throw new Error(`resume: ${describeRejected(outDir, found.rejected, await existingRun(outDir))}`);
    return;
  }
  const found = await existingRun(outDir);
  if (found.length > 0 && !o.overwrite) throw new Error(freshRunRefusal(outDir, found));
}

/**
 * Refuses a resume whose settings differ from the checkpoint's before the model is even built
 * (unless `force`: fit() then warns). Assumes checkRunFolder found a checkpoint.
 */
export async function checkResumeSettings(outDir: string, fingerprint: RunFingerprint, force?: boolean): Promise<void> {
  const found = await checkpointOf(outDir).read();
  const differences = fingerprintDifferences(found.state ? found.fingerprint : undefined, fingerprint);
  if (differences.length > 0 && !force) throw new Error(fingerprintRefusal(outDir, differences));
}

/** `checkpoints/last` with `checkpoints/previous` as its fallback. */
export function checkpointOf(outDir: string, hook?: ConstructorParameters<typeof Checkpoint>[1]): Checkpoint {
  return new Checkpoint(path.join(outDir, trainFiles.last), hook, path.join(outDir, trainFiles.previous));
}

export function freshRunRefusal(outDir: string, found: string[]): string {
  return `${outDir} already holds a training run (${found.join(', ')}); add --resume to continue it, or --overwrite to delete it and start afresh`;
}

/** What in `outDir` shows a training run was made there (empty: none). */
export async function existingRun(outDir: string): Promise<string[]> {
  const found: string[] = [];
  const log = await stat(path.join(outDir, trainFiles.log)).catch(() => null);
  if (log && log.size > 0) found.push(trainFiles.log);
  const checkpoints = await readdir(path.join(outDir, trainFiles.checkpoints)).catch(() => [] as string[]);
  if (checkpoints.length > 0) found.push(`checkpoints/${checkpoints.length === 1 ? checkpoints[0] : `{${checkpoints.sort().join(',')}}`}`);
  return found;
}

/** Why nothing can be resumed: no checkpoint at all, or each one's damage; `run`: what existingRun found. */
export function describeRejected(outDir: string, rejected: RejectedCheckpoint[], run: string[] = []): string {
  const folder = path.join(outDir, trainFiles.checkpoints);
  if (rejected.length === 0) {
    const afresh = run.length > 0
      ? `the run there (${run.join(', ')}) stopped before its first checkpoint; run with --overwrite instead of --resume to start afresh`
      : 'run without --resume to start afresh';
    return `no checkpoint to resume from in ${folder} (neither last nor previous exists); ${afresh}`;
  }
  const reasons = rejected.map((r) => `  ${path.relative(outDir, r.dir)}: ${r.reason}`).join('\n');
  return `no sound checkpoint in ${folder}:\n${reasons}\nnothing can be resumed; run without --resume (and with --overwrite) to start afresh`;
}
