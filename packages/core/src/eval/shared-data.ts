import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `../shared/data` beside the workspace root: the real KITTI/NYU samples tests check against.
 * Missing data is an error, not a skip, so a checkout without it cannot pass by testing less.
 */
export function sharedDataDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'pnpm-workspace.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  const data = path.resolve(dir, '../shared/data');
  if (!existsSync(data)) throw new Error(`${data}: the shared sample data is missing (see its PROVENANCE.md); these tests need it`);
  return data;
}
