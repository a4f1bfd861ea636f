import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version of package `name`, from the nearest package.json of that name above `moduleUrl`:
 * the same module runs from src/ (tests, tsx) and from a bundled dist/, at different depths.
 */
export function packageVersion(moduleUrl: string, name: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === name && json.version) return json.version;
    } catch {
      // No package.json here: keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** depthkit core's version, for every CLI's `--version`. */
export function depthkitVersion(): string {
  return packageVersion(import.meta.url, '@depthkit/core');
}
