import path from 'node:path';
import { stopSignals, type StopSignal } from '../train/interrupt.js';

/**
 * The command that continues an interrupted run: the one that was run, with `--resume`, and
 * without `--overwrite` (it would delete the run) or `--force` (the checkpoint now holds this
 * run's settings). `bin` names the program when it was started through its own bin.
 */
export function resumeCommand(bin: string, argv = process.argv, execArgv = process.execArgv): string {
  const script = argv[1] ?? bin;
  const viaBin = [bin, `${bin}.js`].includes(path.basename(script));
  const program = viaBin ? [bin] : ['node', ...execArgv, script];
  const args = argv.slice(2).filter((a) => a !== '--overwrite' && a !== '--force');
  if (!args.includes('--resume')) args.push('--resume');
  return [...program, ...args].map(shellQuote).join(' ');
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface InterruptedRun {
  signal: string;
  step: number;
  total?: number;
  /** Steps done before this process started (0 for a fresh run). */
  resumedFrom: number;
  checkpointDir: string;
}

/** What to tell the user after a signal stopped training, and the exit code (130 SIGINT, 143 SIGTERM). */
export function describeInterruptedRun(run: InterruptedRun, command: string): { lines: string[]; exitCode: number } {
  const exitCode = stopSignals[run.signal as StopSignal] ?? 1;
  const at = `step ${run.step}${run.total ? `/${run.total}` : ''}`;
  if (run.step === 0) {
    return { exitCode, lines: [`interrupted by ${run.signal} before the first step finished: nothing to resume; run the same command again to start`] };
  }
  return {
    exitCode,
    lines: [
      `interrupted by ${run.signal} at ${at}: checkpoint in ${run.checkpointDir}`,
      `resume with: ${command}`,
    ],
  };
}
