import path from 'node:path';
import { getProtocol, metricNames, protocolSettings, writeFileAtomic, type DepthMetrics, type MeanBaseline } from '@depthkit/core';
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
  engine: string;
  createdAt: string;
  methods: Array<Omit<BenchRow, 'metrics' | 'report'> & Partial<DepthMetrics>>;
  /** One depth predicted everywhere: the train-set mean (synthetic suites only). */
  baseline?: { meanDepth: number; metrics: DepthMetrics | null };
}

export function resultsOf(
  suite: BenchSuite, data: SuiteData, rows: BenchRow[], engine: string, baseline: MeanBaseline | undefined,
): BenchResults {
  return {
    suite: suite.name,
    data: data.description,
    dataKind: data.kind,
    split: data.splitFile ?? suite.split,
    protocol: suite.protocol,
    protocolSettings: protocolSettings(getProtocol(suite.protocol)),
    engine,
    createdAt: new Date().toISOString(),
    methods: rows.map(({ metrics, report: _report, ...rest }) => ({ ...rest, ...(metrics ?? {}) })),
    ...(baseline ? { baseline: { meanDepth: baseline.meanDepth, metrics: baseline.report.metrics } } : {}),
  };
}

const rowColumns = ['method', 'status', 'preset', 'setting', 'model', ...metricNames, 'images', 'skipped', 'params', 'inferenceMs', 'trainSeconds', 'trainSteps', 'stoppedEarly', 'reason'] as const;

/** results.json, results.csv (the same rows) and per-image.csv, each written atomically. */
export async function writeResults(dir: string, results: BenchResults, rows: BenchRow[]): Promise<void> {
  await writeFileAtomic(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = results.methods as Array<Record<string, unknown>>;
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
