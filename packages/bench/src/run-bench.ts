import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  describeConventions, getProtocol, initEngine, meanBaseline, writeFileAtomic,
  type DepthMethod, type EngineName, type MeanBaseline, type ProgressMode,
} from '@depthkit/core';
import type { BenchRow } from './bench-row.js';
import { markdownTable } from './markdown-table.js';
import { benchMethods, benchSettings } from './methods.js';
import { gridRows, readGridSamples } from './report/qualitative.js';
import { reportHtml } from './report/report-html.js';
import { engineDetails, resultsOf, writeResults, type BenchResults } from './results.js';
import { runMethod, type InterruptedTraining } from './run-method.js';
import { resolveSuiteData, type SuiteData } from './suite-data.js';
import type { BenchSuite } from './suites.js';
import { workspaceRoot } from './workspace-root.js';

export interface BenchOptions {
  suite: BenchSuite;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  methods?: ReadonlyArray<DepthMethod<any>>;
  dataRoot?: string;
  splitFile?: string;
  checkpoints?: string;
  /** Default: `<workspace>/bench-results/<suite>-<timestamp>`. */
  outDir?: string;
  budgetSeconds?: number;
  steps?: number;
  syntheticTrain?: number;
  syntheticTest?: number;
  /** Test images shown in the report's qualitative grid. */
  gridImages?: number;
  seed?: number;
  engine?: EngineName;
  progress?: ProgressMode;
  log?: (line: string) => void;
  /** Continue in `outDir`: each method's training resumes from its checkpoint where it has one. */
  resume?: boolean;
  /** Reuse `outDir` even though methods' runs are in it, deleting them. */
  overwrite?: boolean;
  /** Each method's checkpoint frequency (default: once an epoch and every 10 minutes). */
  checkpointEverySteps?: number;
  checkpointEveryMinutes?: number;
  /** SIGINT/SIGTERM (trapInterrupts): the method training stops with a checkpoint and the bench ends there. */
  signal?: AbortSignal;
}

export interface BenchRun {
  outDir: string;
  results: BenchResults;
  table: string;
}

/** Thrown when a signal stopped a method's training: the bench ends there, writing no results. */
export class BenchInterrupted extends Error {
  constructor(readonly outDir: string, readonly interrupted: InterruptedTraining) {
    super(`${interrupted.method}: training interrupted by ${interrupted.signal} at step ${interrupted.step}; the bench stopped before writing results`);
    this.name = 'BenchInterrupted';
  }
}

// Five methods × 90 s of training plus their predictions keep a default run within 10 minutes on 2 cores.
export const defaultBudgetSeconds = 90;

/**
 * The bench's main job: every listed method on one suite, then results files and report.html.
 * Throws BenchInterrupted when `signal` stops a training (its checkpoint is kept for `resume`).
 */
export async function runBench(o: BenchOptions): Promise<BenchRun> {
  const root = workspaceRoot();
  const log = o.log ?? ((line: string) => process.stderr.write(`[bench ${o.suite.name}] ${line}\n`));
  const methods = o.methods ?? benchMethods;
  if (o.resume && !o.outDir) throw new Error('resume: give the folder of the bench run to continue (--out <dir>, as printed when it stopped)');
  const outDir = path.resolve(o.outDir ?? path.join(root, 'bench-results', `${o.suite.name}-${timestamp()}`));
  await mkdir(outDir, { recursive: true });
  const engine = await initEngine({ engine: o.engine, log: false });
  log(`engine: ${engine.summary}`);
  const seed = o.seed ?? 0;
  const data = await resolveSuiteData(o.suite, {
    dataRoot: o.dataRoot, splitFile: o.splitFile, cacheDir: path.join(root, 'bench-results', '.synthetic'), seed,
    syntheticTrain: o.syntheticTrain, syntheticTest: o.syntheticTest, log,
  });
  log(`data: ${data.description}`);
  const keep = o.gridImages ?? 3;
  const rows: BenchRow[] = [];
  const predictions = [];
  for (const [i, method] of methods.entries()) {
    log(`method ${i + 1}/${methods.length}: ${method.id}`);
    const outcome = await runMethod(method, {
      suite: o.suite, data, outDir: path.join(outDir, method.id), checkpoints: o.checkpoints,
      budgetSeconds: o.budgetSeconds ?? defaultBudgetSeconds, steps: o.steps, seed, keep, log, progress: o.progress ?? 'auto',
      resume: o.resume, overwrite: o.overwrite, checkpointEverySteps: o.checkpointEverySteps, checkpointEveryMinutes: o.checkpointEveryMinutes, signal: o.signal,
      settings: benchSettings[method.id],
    });
    if (outcome.interrupted) throw new BenchInterrupted(outDir, outcome.interrupted);
    rows.push(...outcome.rows);
    predictions.push({ method: method.id, kept: outcome.kept });
    for (const row of outcome.rows) {
      log(`${method.id}${row.setting ? ` (${row.setting})` : ''}: ${row.status}${row.metrics ? ` — AbsRel ${row.metrics.abs_rel.toFixed(3)}, RMSE ${row.metrics.rmse.toFixed(3)}` : ''}`);
    }
  }
  const baseline = await syntheticBaseline(o.suite, data);
  const results = resultsOf(o.suite, data, rows, engineDetails(engine), baseline);
  await writeResults(outDir, results, rows);
  const grid = await gridRows(await readGridSamples(o.suite, data, keep), predictions);
  const conventions = rows.find((r) => r.report)?.report?.conventions ?? describeConventions(getProtocol(o.suite.protocol), 'bts');
  await writeFileAtomic(path.join(outDir, 'report.html'), reportHtml({ results, methods, grid, conventions }));
  const table = markdownTable(results);
  log(`wrote ${path.relative(process.cwd(), outDir) || '.'}/{results.json,results.csv,per-image.csv,report.html}`);
  return { outDir, results, table };
}

/** The learning tests' yardstick, on synthetic suites (where train and test frames share a folder). */
async function syntheticBaseline(suite: BenchSuite, data: SuiteData): Promise<MeanBaseline | undefined> {
  if (data.kind !== 'synthetic') return undefined;
  return meanBaseline(suite.dataset, data.testDir, { protocol: suite.protocol, testSplit: suite.split });
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
