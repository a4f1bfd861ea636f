import { metricNames } from '../metrics/depth-metrics.js';
import type { EvalReport } from './eval-report.js';
import { getProtocol, protocolNames, protocolSettings, type ProtocolName } from './protocol.js';

/** One protocol's outcome in a `--protocol all` run: its report, or why it could not score. */
export interface ProtocolRun {
  protocol: ProtocolName;
  report?: EvalReport;
  error?: string;
}

function formatMetric(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return Math.abs(value) >= 100 ? value.toFixed(2) : value.toFixed(4);
}

/** A row per protocol, the metrics as columns: how far protocol choice alone moves the numbers. */
export function protocolComparisonMarkdown(runs: ProtocolRun[]): string {
  const head = `| protocol | images | skipped | ${metricNames.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(metricNames.length + 3)}`;
  const rows = runs.map(({ protocol, report }) => {
    const values = metricNames.map((name) => formatMetric(report?.metrics?.[name]));
    return `| ${protocol} | ${report?.images ?? 'n/a'} | ${report?.skipped ?? 'n/a'} | ${values.join(' | ')} |`;
  });
  const errors = runs.filter((r) => r.error !== undefined).map((r) => `${r.protocol}: ${r.error}`);
  return `${[head, rule, ...rows].join('\n')}\n${errors.length > 0 ? `\n${errors.join('\n')}\n` : ''}`;
}

/** The same rows as CSV (metrics in full precision, empty where a protocol could not score). */
export function protocolComparisonCsv(runs: ProtocolRun[]): string {
  const lines = [['protocol', 'images', 'skipped', ...metricNames, 'error'].join(',')];
  for (const { protocol, report, error } of runs) {
    const metrics = metricNames.map((name) => (report?.metrics ? String(report.metrics[name]) : ''));
    const reason = error === undefined ? '' : `"${error.replace(/"/g, '""')}"`;
    lines.push([protocol, report?.images ?? '', report?.skipped ?? '', ...metrics, reason].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Every protocol's settings as a markdown table, a row per protocol (`depthkit eval --list-protocols`). */
export function protocolListMarkdown(names: readonly ProtocolName[] = protocolNames): string {
  const rows = names.map((name) => ({ name, ...protocolSettings(getProtocol(name)) }));
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown): string => String(v).replace(/\|/g, '\\|');
  const lines = [`| ${columns.join(' | ')} |`, `|${' --- |'.repeat(columns.length)}`];
  for (const row of rows) lines.push(`| ${columns.map((c) => cell((row as Record<string, unknown>)[c])).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}
