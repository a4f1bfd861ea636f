import type { Timing } from './torch-runner.js';

export interface PerfArgs extends Timing {
  /** Passed to core's initEngine as given: core owns the list of engine names. */
  engine?: string;
  /** Run only the case of this name. */
  only?: string;
  /** Alternating PyTorch / depthkit rounds per case; the reported ratio is their median. */
  rounds: number;
  /** Measure every train step at the case's own shape even on wasm (no smaller fallback shape). */
  noFallback: boolean;
}

export const perfUsage =
  'pnpm bench:perf [--engine E] [--case NAME] [--rounds R ≥ 3 (default 3)] [--repeats N (default 5)] [--warmups W (default 2)] [--no-fallback]\n' +
  '  Each round times PyTorch, then depthkit, each in its own process; the table reports the median of the per-round ratios.\n' +
  '  On wasm a train step that exceeds the 4 GB heap falls back to a smaller shape unless --no-fallback; other engines always run the paper shape.\n';

/** A fair ratio needs at least three alternating rounds: one round's ratio swings with the machine's load. */
export const minRounds = 3;

export function parsePerfArgs(argv: readonly string[], caseNames: readonly string[]): PerfArgs | 'help' {
  const args: PerfArgs = { repeats: 5, warmups: 2, rounds: minRounds, noFallback: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--engine') { args.engine = required(flag, value); i++; }
    else if (flag === '--repeats') { args.repeats = integerAtLeast(flag, value, 1); i++; }
    else if (flag === '--warmups') { args.warmups = integerAtLeast(flag, value, 0); i++; }
    else if (flag === '--rounds') { args.rounds = integerAtLeast(flag, value, minRounds); i++; }
    else if (flag === '--case') { args.only = knownCase(required(flag, value), caseNames); i++; }
    else if (flag === '--no-fallback') args.noFallback = true;
    else if (flag === '--help') return 'help';
    else throw new Error(`bench:perf: unknown argument '${flag}'\n${perfUsage}`);
  }
  return args;
}

function required(flag: string, value: string | undefined): string {
  if (value === undefined || value.startsWith('--')) throw new Error(`bench:perf: ${flag} needs a value`);
  return value;
}

function integerAtLeast(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`bench:perf: ${flag} takes an integer ≥ ${min}, got '${value ?? ''}'`);
  return n;
}

function knownCase(name: string, caseNames: readonly string[]): string {
  if (!caseNames.includes(name)) throw new Error(`bench:perf: unknown case '${name}'; expected one of ${caseNames.join(', ')}`);
  return name;
}
