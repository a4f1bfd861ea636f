import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/** One line of `train-log.jsonl`. */
export type TrainLogEntry =
  | {
      kind: 'step';
      step: number;
      epoch: number;
      lr: number;
      loss: number;
      terms: Record<string, number>;
      gradNorm?: number;
      imagesPerSec: number;
      /** Seconds since this process started training. */
      time: number;
    }
  | { kind: 'validation'; step: number; epoch: number; metrics: Record<string, number>; time: number };

/** Appends one JSON object per line. Appends are small and line-sized, so a kill leaves at most one torn last line. */
export class TrainLog {
  constructor(readonly file: string) {}

  async append(entry: TrainLogEntry): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
  }

  /**
   * On resume: keep only entries up to the checkpoint's step, so the steps redone after it are
   * not logged twice and a torn last line from a kill disappears.
   */
  async truncateAfter(step: number): Promise<void> {
    const entries = await readTrainLog(this.file);
    const kept = entries.filter((e) => e.step <= step);
    await writeFileAtomic(this.file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }
}

/** Parses a log, skipping a torn or unparsable line. */
export async function readTrainLog(file: string): Promise<TrainLogEntry[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const entries: TrainLogEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as TrainLogEntry);
    } catch {
      // a line torn by a kill
    }
  }
  return entries;
}
