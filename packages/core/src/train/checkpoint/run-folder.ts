import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RejectedCheckpoint } from './checkpoint.js';

/** What in `outDir` shows a training run was made there (empty: none). */
export async function existingRun(outDir: string): Promise<string[]> {
  const found: string[] = [];
  const log = await stat(path.join(outDir, 'train-log.jsonl')).catch(() => null);
  if (log && log.size > 0) found.push('train-log.jsonl');
  const checkpoints = await readdir(path.join(outDir, 'checkpoints')).catch(() => [] as string[]);
  if (checkpoints.length > 0) found.push(`checkpoints/${checkpoints.length === 1 ? checkpoints[0] : `{${checkpoints.sort().join(',')}}`}`);
  return found;
}

/** Why nothing can be resumed: no checkpoint at all, or each one's damage. */
export function describeRejected(outDir: string, rejected: RejectedCheckpoint[]): string {
  const folder = path.join(outDir, 'checkpoints');
  if (rejected.length === 0) {
    return `no checkpoint to resume from in ${folder} (neither last nor previous exists); run without --resume to start afresh`;
  }
  const reasons = rejected.map((r) => `  ${path.relative(outDir, r.dir)}: ${r.reason}`).join('\n');
  return `no sound checkpoint in ${folder}:\n${reasons}\nnothing can be resumed; run without --resume (and with --overwrite) to start afresh`;
}
