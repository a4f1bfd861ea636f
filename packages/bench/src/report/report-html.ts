import type { DepthMethod, ReportedResult } from '@depthkit/core';
import { formatNumber, formatParams, tableMetrics } from '../markdown-table.js';
import type { BenchResults } from '../results.js';
import type { GridRow } from './qualitative.js';

export interface ReportInput {
  results: BenchResults;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  methods: ReadonlyArray<DepthMethod<any>>;
  grid: GridRow[];
  /** Metric definitions, as the evaluation report states them. */
  conventions: Record<string, string>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** report.html: one self-contained page (images inlined, no script, no network). */
export function reportHtml(input: ReportInput): string {
  const { results } = input;
  const synthetic = results.dataKind === 'synthetic';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>depthkit bench: ${escape(results.suite)}</title>
<style>${style}</style>
</head>
<body>
<h1>depthkit bench — ${escape(results.suite.toUpperCase())}</h1>
<p class="data ${synthetic ? 'synthetic' : 'real'}"><strong>Data:</strong> ${escape(results.data)}</p>
<p class="meta">protocol <code>${escape(results.protocol)}</code> · split <code>${escape(results.split)}</code> · engine ${escape(results.engineDetails?.label ?? results.engine)} · ${escape(results.createdAt)}</p>
<h2>Results</h2>
${resultsTable(input)}
<p class="note">Measured rows: this run. <span class="paper-key">Paper</span> rows: the numbers each paper reports, on the split and ground truth named in the row — ${synthetic ? 'not comparable with measurements on synthetic data, shown for scale' : 'compare only where split, ground truth and caps match'}. Lower is better for errors, higher for δ.</p>
<h2>Timing</h2>
${timingTable(results)}
<h2>Qualitative results</h2>
<p class="note">Depth coloured by inverse depth on each ground truth's range (magma); error maps show |pred − gt| / gt from 0 to 0.5 (turbo), black where there is no ground truth.</p>
${input.grid.map((row) => gridBlock(row)).join('\n')}
<h2>Metric definitions</h2>
<dl>${Object.entries(input.conventions).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('')}</dl>
</body>
</html>
`;
}

function resultsTable({ results, methods }: ReportInput): string {
  const head = `<tr><th>method</th><th>status</th>${tableMetrics.map(([, label]) => `<th>${escape(label)}</th>`).join('')}<th>params</th></tr>`;
  const body: string[] = [];
  for (const row of results.methods) {
    const metrics = tableMetrics.map(([key]) => `<td>${formatNumber(row[key])}</td>`).join('');
    const status = row.status === 'ok'
      ? `ok — ${row.model === 'checkpoint' ? `checkpoint ${escape(row.modelDir ?? '')}` : `trained '${escape(row.preset ?? '')}', ${row.trainSteps} steps${row.stoppedEarly ? ` (${escape(row.stoppedEarly)})` : ''}`}`
      : `${escape(row.status)}: ${escape(row.reason ?? '')}`;
    body.push(`<tr class="measured ${row.status.replace(/ /g, '-')}" data-method="${escape(row.method)}"><th>${escape(row.method)}${row.setting ? `<br><small>${escape(row.setting)}</small>` : ''}</th><td class="status">${status}</td>${metrics}<td>${formatParams(row.params)}</td></tr>`);
    // The paper's rows once per method, after its last measured row.
    if (results.methods[results.methods.indexOf(row) + 1]?.method === row.method) continue;
    const method = methods.find((m) => m.id === row.method);
    body.push(...paperRows(method?.paper.reported ?? [], results.suite));
  }
  if (results.baseline) {
    const b = results.baseline;
    body.push(`<tr class="baseline"><th>train-set mean</th><td class="status">${b.meanDepth.toFixed(2)} m everywhere</td>${tableMetrics.map(([key]) => `<td>${formatNumber(b.metrics?.[key])}</td>`).join('')}<td>—</td></tr>`);
  }
  return `<table class="results"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

function paperRows(reported: ReportedResult[], dataset: string): string[] {
  const rows = reported.filter((r) => r.dataset === dataset);
  if (rows.length === 0) {
    return [`<tr class="paper none"><td></td><td colspan="${tableMetrics.length + 2}">the paper reports no ${escape(dataset.toUpperCase())} numbers</td></tr>`];
  }
  return rows.map((r) => {
    const label = `<span class="paper-key">Paper</span> ${escape(r.configuration)} — ${escape(r.split)}; GT: ${escape(r.groundTruth)} (${escape(r.source)})${r.note ? `; ${escape(r.note)}` : ''}`;
    return `<tr class="paper"><td></td><td class="status">${label}</td>${tableMetrics.map(([key]) => `<td>${formatNumber(r.metrics[key])}</td>`).join('')}<td></td></tr>`;
  });
}

function timingTable(results: BenchResults): string {
  const rows = results.methods.filter((r) => r.status === 'ok');
  const slowest = Math.max(1e-9, ...rows.map((r) => r.inferenceMs ?? 0));
  const body = rows.map((r) => {
    const width = Math.max(1, Math.round(((r.inferenceMs ?? 0) / slowest) * 200));
    return `<tr><th>${escape(r.method)}</th><td>${formatParams(r.params)}</td><td>${formatNumber(r.inferenceMs, 1)} <span class="bar" style="width:${width}px"></span></td><td>${formatNumber(r.trainSeconds, 1)}</td><td>${r.trainSteps ?? '—'}</td><td>${r.images}</td><td class="engine">${escape(r.trainedOn ?? (r.model === 'checkpoint' ? 'elsewhere (checkpoint)' : '—'))}</td><td class="engine">${escape(r.predictedOn ?? '—')}</td></tr>`;
  });
  return `<table class="timing"><thead><tr><th>method</th><th>params</th><th>ms / image (median)</th><th>train s</th><th>steps</th><th>test images</th><th>trained on</th><th>predicted on</th></tr></thead><tbody>${body.join('\n')}</tbody></table>`;
}

function gridBlock(row: GridRow): string {
  const figure = (img: { label: string; dataUri: string }) => `<figure><img src="${img.dataUri}" alt="${escape(img.label)}"><figcaption>${escape(img.label)}</figcaption></figure>`;
  const methods = row.methods
    .filter((m) => m.images.length > 0)
    .map((m) => `<div class="method-pair">${m.images.map(figure).join('')}</div>`)
    .join('');
  return `<section class="sample"><h3>${escape(row.id)}</h3><div class="inputs">${row.inputs.map(figure).join('')}</div>${methods}</section>`;
}

const style = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d1d1f; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 28px; } h3 { font-size: 14px; font-family: monospace; }
.data { padding: 8px 12px; border-radius: 6px; }
.data.synthetic { background: #fff4d6; border: 1px solid #e0b100; }
.data.real { background: #e6f4ea; border: 1px solid #34a853; }
.meta, .note { color: #555; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: right; vertical-align: top; }
th:first-child, td.status, thead th:nth-child(2) { text-align: left; }
td.status { max-width: 460px; }
td.engine { text-align: left; white-space: nowrap; }
tr.paper td { color: #555; font-style: italic; background: #f7f7fb; }
tr.paper.none td { text-align: left; }
tr.baseline { background: #f3f3f3; }
tr.failed td.status { color: #b00020; }
tr.not-applicable td.status { color: #777; }
.paper-key { font-style: normal; font-weight: 600; color: #3949ab; }
.bar { display: inline-block; height: 10px; background: #3949ab; margin-left: 6px; vertical-align: middle; }
.sample { margin-bottom: 18px; }
.inputs, .method-pair { display: inline-flex; gap: 6px; margin: 0 12px 8px 0; }
figure { margin: 0; } figure img { display: block; max-width: 416px; } figcaption { font-size: 12px; color: #555; }
dt { font-family: monospace; font-weight: 600; } dd { margin: 0 0 6px 16px; color: #444; }
`;
