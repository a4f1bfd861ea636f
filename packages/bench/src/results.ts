import path from 'node:path';
import { getProtocol, metricNames, protocolSettings, writeFileAtomic, type DepthMetrics, type EngineReport, type MeanBaseline } from '@depthkit/core';
import type { BenchRow } from './bench-row.js';
import type { SuiteData } from './suite-data.js';
import type { BenchSuite } from './suites.js';

export interface BenchResults {
  suite: string;
  /** Which data the numbers come from, in words (synthetic is said plainly). */
  data: string;
  dataKind: SuiteData['kind'];
  split: string;
  protocol: string;
  /** Every setting of the protocol the numbers were scored under. */
  protocolSettings: ReturnType<typeof protocolSettings>;
  /** The engine this run trained and predicted on (its name; `engineDetails` has the rest). */
  engine: string;
  engineDetails: EngineDetails;
  createdAt: string;
  methods: Array<Omit<BenchRow, 'metrics' | 'report'> & Partial<DepthMetrics> & EngineOfRow>;
  /** One depth predicted everywhere: the train-set mean (synthetic suites only). */
  baseline?: { meanDepth: number; metrics: DepthMetrics | null };
}

/** What initEngine reported, as the results record it. */
export interface EngineDetails {
  engine: string;
  /** The tfjs backend that ran the kernels. */
  backend: string;
  threads: number;
  simd: boolean;
  onednn?: { version: string; isa: string };
  /** One phrase, e.g. `onednn (oneDNN 2.6.3, avx512_core, 2 threads)`. */
  label: string;
}

/** Per measured row: which engine trained its model and which predicted the test split. */
export interface EngineOfRow {
  /** This run's engine for a model trained here; absent for a --checkpoints model (trained elsewhere). */
  trainedOn?: string;
  predictedOn?: string;
}

export function engineDetails(report: Pick<EngineReport, 'engine' | 'backend' | 'threads' | 'simd' | 'onednn'>): EngineDetails {
  const facts = report.onednn
    ? [`oneDNN ${report.onednn.version}`, report.onednn.isa]
    : report.engine === 'wasm' ? [report.simd ? 'SIMD' : 'no SIMD'] : [];
  const label = `${report.engine} (${[...facts, `${report.threads} thread${report.threads === 1 ? '' : 's'}`].join(', ')})`;
  return {
    engine: report.engine, backend: report.backend, threads: report.threads, simd: report.simd,
    ...(report.onednn ? { onednn: { version: report.onednn.version, isa: report.onednn.isa } } : {}), label,
  };
}

export function resultsOf(
  suite: BenchSuite, data: SuiteData, rows: BenchRow[], engine: EngineDetails, baseline: MeanBaseline | undefined,
): BenchResults {
  const engineOf = (row: BenchRow): EngineOfRow =>
    row.status !== 'ok' ? {} : { ...(row.model === 'trained' ? { trainedOn: engine.label } : {}), predictedOn: engine.label };
  return {
    suite: suite.name,
    data: data.description,
    dataKind: data.kind,
    split: data.splitFile ?? suite.split,
    protocol: suite.protocol,
    protocolSettings: protocolSettings(getProtocol(suite.protocol)),
    engine: engine.engine,
    engineDetails: engine,
    createdAt: new Date().toISOString(),
    methods: rows.map((row) => {
      const { metrics, report: _report, ...rest } = row;
      return { ...rest, ...engineOf(row), ...(metrics ?? {}) };
    }),
    ...(baseline ? { baseline: { meanDepth: baseline.meanDepth, metrics: baseline.report.metrics } } : {}),
  };
}

const rowColumns = ['method', 'status', 'preset', 'setting', 'model', ...metricNames, 'images', 'skipped', 'params', 'inferenceMs', 'trainSeconds', 'trainSteps', 'stoppedEarly', 'trainedOn', 'predictedOn', 'reason'] as const;

/** results.json, results.csv (the same rows) and per-image.csv, each written atomically. */
export async function writeResults(dir: string, results: BenchResults, rows: BenchRow[]): Promise<void> {
  await writeFileAtomic(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = results.methods as unknown as Array<Record<string, unknown>>;
  await writeFileAtomic(path.join(dir, 'results.csv'), toCsv([...rowColumns], table));
  const perImage = rows.flatMap((row) => (row.report?.perImage ?? []).map((entry) => ({ method: row.method, setting: row.setting, ...entry })));
  await writeFileAtomic(path.join(dir, 'per-image.csv'), toCsv(['method', 'setting', 'file', ...metricNames, 'validPixels', 'nonFinitePixels'], perImage));
}

export function toCsv(columns: string[], rows: Array<Record<string, unknown>>): string {
  const cell = (v: unknown) => {
    if (v == null) return '';
    const text = typeof v === 'number' ? String(v) : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}
