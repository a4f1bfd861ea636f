import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface NumpyArray {
  data: Float32Array | Int32Array;
  shape: number[];
}

/**
 * Runs `function` of a Python reference module under Debian's python3 (`command -p`, so a venv
 * without numpy does not shadow it) on arrays passed as raw files, and returns its JSON result.
 * Test-only: numpy is an independent reference, never a run-time dependency.
 */
export function runNumpyReference<T>(
  module: string, fn: string, arrays: Record<string, NumpyArray>, params: Record<string, unknown> = {},
): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'dk-numpy-'));
  try {
    const manifest: Record<string, unknown> = { module, function: fn, params, arrays: {} };
    for (const [name, array] of Object.entries(arrays)) {
      const file = path.join(dir, `${name}.bin`);
      writeFileSync(file, new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength));
      (manifest.arrays as Record<string, unknown>)[name] = {
        file, shape: array.shape, dtype: array.data instanceof Int32Array ? 'int32' : 'float32',
      };
    }
    const manifestPath = path.join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const runner = path.join(path.dirname(new URL(import.meta.url).pathname), 'numpy_runner.py');
    const out = execFileSync('sh', ['-c', 'command -p python3 "$0" "$1"', runner, manifestPath], {
      encoding: 'utf8', maxBuffer: 64 << 20,
    });
    return JSON.parse(out) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
