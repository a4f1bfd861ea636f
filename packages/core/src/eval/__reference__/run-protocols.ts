import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DepthMap } from '../../io/image-types.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'protocols.py');

export type ReferenceResult = null | { error: string } | (Record<string, number | string> & { validPixels: number });

/**
 * Scores (gt, pred) pairs under the named protocols with protocols.py under Debian's python3
 * (`command -p` ignores any venv); per protocol, one result per image.
 */
export function runProtocolReference(images: Array<{ gt: DepthMap; pred: DepthMap }>, protocols: string[]): Record<string, ReferenceResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dk-protocols-'));
  try {
    const manifest = images.map(({ gt, pred }, k) => {
      writeFileSync(path.join(dir, `${k}.gt.f32`), new Uint8Array(gt.data.buffer, gt.data.byteOffset, gt.data.byteLength));
      writeFileSync(path.join(dir, `${k}.pred.f32`), new Uint8Array(pred.data.buffer, pred.data.byteOffset, pred.data.byteLength));
      return { gt: `${k}.gt.f32`, pred: `${k}.pred.f32`, height: gt.height, width: gt.width, predHeight: pred.height, predWidth: pred.width };
    });
    const manifestPath = path.join(dir, 'manifest.json');
    writeFileSync(manifestPath, JSON.stringify({ images: manifest, protocols }));
    const out = execFileSync('sh', ['-c', 'command -p python3 "$0" "$1"', script, manifestPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as Record<string, ReferenceResult[]>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
