import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addonStatus, skipReason } from '../test/helpers.js';

const root = fileURLToPath(new URL('..', import.meta.url));

describe.skipIf(!addonStatus.ok)(`README${skipReason}`, () => {
  it('runs its code example', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    // Inside the package so that its own name and tfjs resolve as for a user.
    const dir = mkdtempSync(path.join(root, '.readme-'));
    try {
      const file = path.join(dir, 'example.mts');
      writeFileSync(file, code);
      const tsx = path.join(root, '../../node_modules/.bin/tsx');
      const result = spawnSync(tsx, ['--conditions=@depthkit/source', file], { encoding: 'utf8', cwd: root });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result.stdout).toMatch(/^oneDNN \d+\.\d+\.\d+ \(\w+, 2 threads\): 1,8,8,4\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
