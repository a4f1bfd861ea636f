import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyRow, type BenchRow } from './bench-row.js';
import { markdownTable } from './markdown-table.js';
import { reportHtml } from './report/report-html.js';
import { engineDetails, resultsOf, writeResults } from './results.js';
import type { SuiteData } from './suite-data.js';
import { benchSuites } from './suites.js';

const onednn = { engine: 'onednn' as const, backend: 'onednn', threads: 2, simd: true, onednn: { version: '2.6.3', isa: 'avx512_core' } };
const data: SuiteData = { kind: 'synthetic', testDir: '/data/test', trainDir: '/data/train', description: 'synthetic KITTI' };

function okRow(method: string, model: 'trained' | 'checkpoint'): BenchRow {
  return {
    method, status: 'ok', preset: 'tiny', model, modelDir: `/runs/${method}/model`, ...(model === 'trained' ? { trainSteps: 5 } : {}),
    metrics: null, images: 3, skipped: 0, params: 1000, inferenceMs: 12, trainSeconds: model === 'trained' ? 4 : null,
  };
}

describe('the engine in bench results', () => {
  it('labels onednn with its version, ISA and threads, and wasm with its SIMD', () => {
    expect(engineDetails(onednn).label).toBe('onednn (oneDNN 2.6.3, avx512_core, 2 threads)');
    expect(engineDetails({ engine: 'wasm', backend: 'wasm', threads: 1, simd: false }).label).toBe('wasm (no SIMD, 1 thread)');
    expect(engineDetails({ engine: 'cpu', backend: 'cpu', threads: 1, simd: false })).toEqual({ engine: 'cpu', backend: 'cpu', threads: 1, simd: false, label: 'cpu (1 thread)' });
  });

  it('results.json, results.csv, report.html and the table say which engine trained and predicted each method', async () => {
    const rows = [okRow('hma-depth', 'trained'), okRow('deeplab-sid', 'checkpoint'), emptyRow('segment-depth', 'not applicable', 'no kitti preset')];
    const results = resultsOf(benchSuites.kitti, data, rows, engineDetails(onednn), undefined);
    const label = 'onednn (oneDNN 2.6.3, avx512_core, 2 threads)';
    expect(results.engine).toBe('onednn');
    expect(results.engineDetails).toEqual({ engine: 'onednn', backend: 'onednn', threads: 2, simd: true, onednn: { version: '2.6.3', isa: 'avx512_core' }, label });
    const byMethod = Object.fromEntries(results.methods.map((m) => [m.method, m]));
    expect(byMethod['hma-depth']).toMatchObject({ trainedOn: label, predictedOn: label });
    // A user's checkpoint was trained elsewhere: only its prediction ran here.
    expect(byMethod['deeplab-sid'].trainedOn).toBeUndefined();
    expect(byMethod['deeplab-sid'].predictedOn).toBe(label);
    expect(byMethod['segment-depth'].predictedOn).toBeUndefined();

    const dir = await mkdtemp(path.join(tmpdir(), 'bench-engine-'));
    try {
      await writeResults(dir, results, rows);
      const json = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as typeof results;
      expect(json.engineDetails.label).toBe(label);
      expect(json.methods[0].trainedOn).toBe(label);
      const csv = (await readFile(path.join(dir, 'results.csv'), 'utf8')).split('\n');
      expect(csv[0]).toContain(',trainedOn,predictedOn,');
      // Trained and predicted here; the checkpoint only predicted (an empty trainedOn cell).
      expect(csv[1]).toContain(`,"${label}","${label}",`);
      expect(csv[2]).toContain(`,,"${label}",`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const html = reportHtml({ results, methods: [], grid: [], conventions: {} });
    expect(html).toContain(`engine ${label} ·`);
    expect(html).toMatch(/<th>trained on<\/th><th>predicted on<\/th>/);
    expect(html).toContain(`<td class="engine">${label}</td><td class="engine">${label}</td>`);
    expect(html).toContain(`<td class="engine">elsewhere (checkpoint)</td><td class="engine">${label}</td>`);
    expect(markdownTable(results)).toContain(`engine: ${label}`);
  });
});
