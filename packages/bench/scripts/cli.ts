import { parseArgs } from 'node:util';
import { depthkitVersion, describeInterruptedRun, packageVersion, parseEngineName, parseProtocolName, protocolsForDataset, resumeCommand, trapInterrupts } from '@depthkit/core';
import { benchSuite, benchSuites } from '../src/suites.js';
import { BenchInterrupted, defaultBudgetSeconds, runBench } from '../src/run-bench.js';
import { benchMethods } from '../src/methods.js';

const usage = `depthkit-bench <${Object.keys(benchSuites).join('|')}> [options]

Runs every method of the bench on a suite and writes bench-results/<suite>-<timestamp>/
(results.json, results.csv, per-image.csv, report.html); prints the table.

  --data DIR           the real dataset folder, as the method CLIs' --data (default: $DEPTHKIT_KITTI / $DEPTHKIT_NYU; else synthetic data)
  --split-file FILE    a test list replacing the split's own (real data)
  --checkpoint DIR     use DIR/<method>/model instead of training, where present
  --methods a,b        run only these (${benchMethods.map((m) => m.id).join(', ')})
  --budget-seconds N   training budget per method (default ${defaultBudgetSeconds})
  --steps N            training steps per method (default: the preset's)
  --synthetic-train N, --synthetic-test N   synthetic suite size (default 96 / 24)
  --grid N             test images in the report's figure (default 3)
  --out DIR            output folder
  --seed N             data and initialisation seed (default 0)
  --engine E           tfjs backend (default: the fastest that loads)
  --protocol NAME      score under this evaluation protocol (default: the suite's; depthkit eval --list-protocols)
  --checkpoint-every-steps N     each method's checkpoint every N steps (default: once an epoch)
  --checkpoint-every-minutes M   ... and at least every M minutes (default 10)
  --resume             continue the bench in --out DIR: trainings resume from their checkpoints
  --overwrite          reuse --out DIR, deleting the method runs already in it
  --version            print the version
  (--data-root and --checkpoints are deprecated aliases of --data and --checkpoint)

Ctrl-C (or SIGTERM) stops the training in flight after its step, writes its checkpoint, prints
the command that resumes and exits 130 (143); a second Ctrl-C quits at once.
`;

/** Old option names still accepted, with a warning naming the new one. */
const deprecatedAliases: Record<string, string> = { 'data-root': 'data', checkpoints: 'checkpoint' };

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: expected a non-negative integer, got '${value}'`);
  return n;
}

function positiveNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`${flag}: expected a positive number, got '${value}'`);
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string' }, 'data-root': { type: 'string' }, 'split-file': { type: 'string' }, checkpoint: { type: 'string' }, checkpoints: { type: 'string' },
      methods: { type: 'string' }, 'budget-seconds': { type: 'string' }, steps: { type: 'string' },
      'synthetic-train': { type: 'string' }, 'synthetic-test': { type: 'string' }, grid: { type: 'string' },
      out: { type: 'string' }, seed: { type: 'string' }, engine: { type: 'string' }, protocol: { type: 'string' }, help: { type: 'boolean' }, version: { type: 'boolean' },
      'checkpoint-every-steps': { type: 'string' }, 'checkpoint-every-minutes': { type: 'string' },
      resume: { type: 'boolean' }, overwrite: { type: 'boolean' },
    },
  });
  if (values.version) {
    process.stdout.write(`depthkit-bench ${packageVersion(import.meta.url, '@depthkit/bench')} (depthkit ${depthkitVersion()})\n`);
    return;
  }
  const named = values as Record<string, string | boolean | undefined>;
  for (const [old, now] of Object.entries(deprecatedAliases)) {
    if (named[old] === undefined) continue;
    if (named[now] !== undefined) throw new Error(`--${old} and --${now}: expected one (--${old} is the deprecated name of --${now}), found both`);
    process.stderr.write(`depthkit-bench: warning: --${old} is deprecated; use --${now} (the method CLIs' name)\n`);
    named[now] = named[old];
  }
  if (values.help || positionals.length !== 1) {
    process.stdout.write(usage);
    process.exit(values.help ? 0 : 2);
  }
  const wanted = values.methods?.split(',').map((m) => m.trim());
  const unknown = wanted?.filter((id) => !benchMethods.some((m) => m.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`--methods: unknown method ${unknown.map((u) => `'${u}'`).join(', ')}; the bench has ${benchMethods.map((m) => m.id).join(', ')}`);
  if (values.resume && values.overwrite) throw new Error('--overwrite and --resume contradict each other: --overwrite deletes the runs that --resume would continue');
  const trap = trapInterrupts();
  let suite = benchSuite(positionals[0]);
  if (values.protocol !== undefined) {
    const protocol = parseProtocolName(values.protocol, '--protocol');
    const fitting = protocolsForDataset(suite.dataset);
    if (!fitting.includes(protocol)) throw new Error(`--protocol: '${protocol}' does not score ${suite.dataset.name}; expected one of ${fitting.join(', ')}`);
    suite = { ...suite, protocol };
  }
  const run = await runBench({
    suite,
    methods: wanted ? benchMethods.filter((m) => wanted.includes(m.id)) : benchMethods,
    dataRoot: values.data,
    splitFile: values['split-file'],
    checkpoints: values.checkpoint,
    outDir: values.out,
    budgetSeconds: positiveInt(values['budget-seconds'], '--budget-seconds'),
    steps: positiveInt(values.steps, '--steps'),
    syntheticTrain: positiveInt(values['synthetic-train'], '--synthetic-train'),
    syntheticTest: positiveInt(values['synthetic-test'], '--synthetic-test'),
    gridImages: positiveInt(values.grid, '--grid'),
    seed: positiveInt(values.seed, '--seed'),
    engine: parseEngineName(values.engine, '--engine'),
    resume: values.resume,
    overwrite: values.overwrite,
    checkpointEverySteps: positiveInt(values['checkpoint-every-steps'], '--checkpoint-every-steps'),
    checkpointEveryMinutes: positiveNumber(values['checkpoint-every-minutes'], '--checkpoint-every-minutes'),
    signal: trap.signal,
  }).catch((error: unknown) => {
    if (!(error instanceof BenchInterrupted)) throw error;
    // The same folder, or the resume would start a new timestamped one.
    const command = resumeCommand('depthkit-bench', process.argv.includes('--out') ? process.argv : [...process.argv, '--out', error.outDir]);
    const { lines, exitCode } = describeInterruptedRun(error.interrupted, command);
    process.stderr.write(`${error.interrupted.method}: ${lines.join('\n')}\n`);
    process.exit(exitCode);
  }).finally(() => trap.release());
  process.stdout.write(`\n${run.table}\nreport: ${run.outDir}/report.html\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`depthkit-bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
