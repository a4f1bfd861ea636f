import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';

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
      /** This update's wall time, data wait included. */
      stepSeconds?: number;
      /** Of which spent waiting for the data pipeline (0 when the loader keeps ahead). */
      dataSeconds?: number;
      /**
       * CPU seconds the process used meanwhile (every thread: the engine's, the loader's
       * workers'): on a shared machine, the step's cost when its wall time is the machine's load.
       */
      cpuSeconds?: number;
      /** Seconds since this process started training. */
      time: number;
    }
  | { kind: 'validation'; step: number; epoch: number; metrics: Record<string, number>; time: number }
  | ResumeMarker;

/**
 * Written where a resumed run starts appending: the steps logged after `step` by the interrupted
 * process were redone, and the entries after the marker replace them.
 */
export interface ResumeMarker {
  kind: 'resume';
  step: number;
  /** The checkpoint version resumed from. */
  checkpoint: string;
  /** ISO date of the resume. */
  date: string;
  /** Fingerprint differences overridden with `force`, as `key: saved → now`. */
  forced?: string[];
  /** Why a newer checkpoint was passed over, when one was. */
  fellBack?: string;
}

/**
 * Appends one JSON object per line. Appends are small and line-sized, so a kill leaves at most one
 * torn last line. Never rewritten: a resume appends a marker and carries on below it.
 */
export class TrainLog {
  constructor(readonly file: string) {}

  async append(entry: TrainLogEntry): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Marks a resume; a line torn by the kill is closed first, so the marker starts a line of its own. */
  async markResume(marker: Omit<ResumeMarker, 'kind'>): Promise<void> {
    if (!(await endsWithNewline(this.file))) await appendFile(this.file, '\n');
    await this.append({ kind: 'resume', ...marker });
  }
}

async function endsWithNewline(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return true;
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** Every parsable line as written, resume markers included (a torn line is skipped). */
export async function readTrainLogLines(file: string): Promise<TrainLogEntry[]> {
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

/**
 * The run's history, one entry per step: at each resume marker the entries logged after its
 * step (by the process that was killed, redone since) are dropped; markers are left out.
 */
export async function readTrainLog(file: string): Promise<Exclude<TrainLogEntry, ResumeMarker>[]> {
  let history: Exclude<TrainLogEntry, ResumeMarker>[] = [];
  for (const entry of await readTrainLogLines(file)) {
    if (entry.kind === 'resume') history = history.filter((e) => e.step <= entry.step);
    else history.push(entry);
  }
  return history;
}
