import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'compute_errors.py');

export interface ReferenceCase {
  name: string;
  height: number;
  width: number;
  gt: Float32Array;
  pred: Float32Array;
  predHeight?: number;
  predWidth?: number;
  min: number;
  max: number;
  crop: null | [number, number, number, number] | { fraction: [[number, number], [number, number]] };
  kbCrop?: boolean;
  scale?: number;
  medianScaling?: boolean;
}

/**
 * Runs compute_errors.py under the system's Debian python3 (`command -p` ignores any venv on
 * PATH) on raw float32 files in a temp folder, and returns its JSON per case.
 */
export function runReference(cases: ReferenceCase[]): Record<string, Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dk-ref-'));
  try {
    const manifest = cases.map((c) => {
      writeFileSync(path.join(dir, `${c.name}.gt.f32`), new Uint8Array(c.gt.buffer, c.gt.byteOffset, c.gt.byteLength));
      writeFileSync(path.join(dir, `${c.name}.pred.f32`), new Uint8Array(c.pred.buffer, c.pred.byteOffset, c.pred.byteLength));
      const { gt: _gt, pred: _pred, ...rest } = c;
      return { ...rest, gt: `${c.name}.gt.f32`, pred: `${c.name}.pred.f32` };
    });
    const manifestPath = path.join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ cases: manifest }));
    const out = execFileSync('sh', ['-c', 'command -p python3 "$0" "$1"', script, manifestPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as Record<string, Record<string, unknown>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
