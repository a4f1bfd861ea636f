import type { BenchResults } from './results.js';

/** The columns people compare, in the papers' usual order. */
export const tableMetrics = [
  ['abs_rel', 'AbsRel'], ['sq_rel', 'SqRel'], ['rmse', 'RMSE'], ['rmse_log', 'RMSE log'], ['silog', 'SILog'],
  ['irmse', 'iRMSE'], ['d1', 'δ1'], ['d2', 'δ2'], ['d3', 'δ3'],
] as const;

export const formatNumber = (v: number | null | undefined, digits = 3): string =>
  v == null || !Number.isFinite(v) ? '—' : v.toFixed(digits);

export function formatParams(n: number | null | undefined): string {
  if (n == null) return '—';
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : `${(n / 1e3).toFixed(1)} k`;
}

/** The stdout table: one row per method, the data named above it. */
export function markdownTable(results: BenchResults): string {
  const head = ['method', 'status', ...tableMetrics.map(([, label]) => label), 'params', 'ms/img', 'train s'];
  const lines = [
    `bench ${results.suite}: ${results.protocol}, split ${results.split}`,
    `data: ${results.data}`,
    `engine: ${results.engineDetails?.label ?? results.engine} (trained and predicted every method this run trained; a --checkpoints model was only predicted on it)`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
  ];
  for (const row of results.methods) {
    const status = row.status === 'ok' ? `ok (${row.model === 'checkpoint' ? 'checkpoint' : `${row.preset}, ${row.trainSteps} steps`})` : `${row.status}: ${row.reason}`;
    const values = tableMetrics.map(([key]) => formatNumber(row[key]));
    lines.push(`| ${row.method}${row.setting ? ` (${row.setting})` : ''} | ${status} | ${values.join(' | ')} | ${formatParams(row.params)} | ${formatNumber(row.inferenceMs, 1)} | ${formatNumber(row.trainSeconds, 1)} |`);
  }
  if (results.baseline) {
    const values = tableMetrics.map(([key]) => formatNumber(results.baseline!.metrics?.[key]));
    lines.push(`| train-set mean (${results.baseline.meanDepth.toFixed(2)} m everywhere) | baseline | ${values.join(' | ')} | — | — | — |`);
  }
  return `${lines.join('\n')}\n`;
}
