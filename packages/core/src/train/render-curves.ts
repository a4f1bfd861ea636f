import sharp from 'sharp';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { readTrainLog, type TrainLogEntry } from './train-log.js';

interface Series {
  name: string;
  points: [number, number][];
}

interface Panel {
  title: string;
  series: Series[];
}

const width = 960;
const panelHeight = 280;
const margin = { left: 80, right: 170, top: 34, bottom: 36 };
const colours = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/**
 * Draws `train-log.jsonl` as curves vs step: the loss and its terms in the first panel, one panel
 * per validation metric below. Written as PNG (an SVG rasterised by sharp's librsvg) or, for a
 * `.svg` file, as the SVG itself; atomically either way.
 */
export async function renderTrainingCurves(logFile: string, outFile: string): Promise<void> {
  const svg = trainingCurvesSvg(await readTrainLog(logFile));
  if (outFile.toLowerCase().endsWith('.svg')) return writeFileAtomic(outFile, svg);
  await writeFileAtomic(outFile, await sharp(Buffer.from(svg)).png().toBuffer());
}

export function trainingCurvesSvg(entries: TrainLogEntry[]): string {
  const panels = panelsOf(entries);
  const height = panels.length * panelHeight;
  const body = panels.map((p, i) => panelSvg(p, i * panelHeight)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="100%" height="100%" fill="#ffffff"/>
${body}
</svg>`;
}

function panelsOf(entries: TrainLogEntry[]): Panel[] {
  const steps = entries.filter((e) => e.kind === 'step');
  const termNames = [...new Set(steps.flatMap((e) => Object.keys(e.terms)))];
  const loss: Panel = {
    title: 'training loss',
    series: [
      { name: 'loss', points: steps.map((e) => [e.step, e.loss]) },
      ...termNames.map((name) => ({ name, points: steps.filter((e) => name in e.terms).map((e): [number, number] => [e.step, e.terms[name]]) })),
    ],
  };
  const validations = entries.filter((e) => e.kind === 'validation');
  const metricNames = [...new Set(validations.flatMap((e) => Object.keys(e.metrics)))];
  const metricPanels = metricNames.map((name) => ({
    title: `validation ${name}`,
    series: [{ name, points: validations.filter((e) => Number.isFinite(e.metrics[name])).map((e): [number, number] => [e.step, e.metrics[name]]) }],
  }));
  return [loss, ...metricPanels];
}

function panelSvg(panel: Panel, top: number): string {
  const points = panel.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  const x0 = margin.left;
  const x1 = width - margin.right;
  const y0 = top + margin.top;
  const y1 = top + panelHeight - margin.bottom;
  const parts = [
    `<text x="${x0}" y="${top + 22}" font-family="sans-serif" font-size="16" fill="#222">${escape(panel.title)}</text>`,
    `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="none" stroke="#888" stroke-width="1"/>`,
  ];
  if (points.length === 0) return parts.join('\n');
  const [xMin, xMax] = extent(points.map((p) => p[0]));
  const [yMin, yMax] = extent(points.map((p) => p[1]));
  const sx = (x: number) => x0 + ((x - xMin) / (xMax - xMin || 1)) * (x1 - x0);
  const sy = (y: number) => y1 - ((y - yMin) / (yMax - yMin || 1)) * (y1 - y0);
  for (let i = 0; i <= 4; i++) {
    const v = yMin + ((yMax - yMin) * i) / 4;
    const y = sy(v).toFixed(1);
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${y}" y2="${y}" stroke="#e4e4e4"/>`);
    parts.push(`<text x="${x0 - 6}" y="${y}" font-family="sans-serif" font-size="11" text-anchor="end" fill="#444">${tick(v)}</text>`);
    const xv = xMin + ((xMax - xMin) * i) / 4;
    parts.push(`<text x="${sx(xv).toFixed(1)}" y="${y1 + 16}" font-family="sans-serif" font-size="11" text-anchor="middle" fill="#444">${Math.round(xv)}</text>`);
  }
  panel.series.forEach((s, i) => {
    const colour = colours[i % colours.length];
    const pts = s.points.filter(([, y]) => Number.isFinite(y));
    if (pts.length === 1) parts.push(`<circle cx="${sx(pts[0][0]).toFixed(1)}" cy="${sy(pts[0][1]).toFixed(1)}" r="3" fill="${colour}"/>`);
    else parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="${i === 0 ? 2 : 1.2}" points="${pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    parts.push(`<text x="${x1 + 12}" y="${y0 + 14 + 16 * i}" font-family="sans-serif" font-size="12" fill="${colour}">${escape(s.name)}</text>`);
  });
  return parts.join('\n');
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return [lo, hi];
}

function tick(v: number): string {
  return v !== 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4) ? v.toExponential(1) : v.toPrecision(3);
}

function escape(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}
