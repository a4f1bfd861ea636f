import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder upwards holding pnpm-workspace.yaml (the bench writes under it), else `from`. */
export function workspaceRoot(from = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
