import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test-only: the workspace root, found by its pnpm-workspace.yaml. */
export function workspaceRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the workspace root (pnpm-workspace.yaml) above the tests');
    dir = parent;
  }
  return dir;
}

/**
 * Test-only: a file in the shared real samples (`../shared/data` beside the workspace). Fails
 * loudly instead of skipping: a silently skipped reader test would prove nothing.
 */
export function sharedData(...parts: string[]): string {
  const root = resolve(workspaceRoot(), '../shared/data');
  const file = join(root, ...parts);
  if (!existsSync(file)) {
    throw new Error(`shared test data missing: ${file} (the tests read real KITTI/NYU samples from ${root})`);
  }
  return file;
}
