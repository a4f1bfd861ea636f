import { loadAddon } from '@depthkit/backend-onednn';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tsxLoader = createRequire(path.join(repoRoot, 'package.json')).resolve('tsx/esm');
const mallocDebug = 'libc_malloc_debug.so.0';
const hasMallocDebug = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout?.includes(mallocDebug) ?? false;
const addon = loadAddon();
const skip = !addon.ok ? `the onednn addon is not built: ${addon.reason}` : !hasMallocDebug ? `glibc's ${mallocDebug} is missing` : null;

// An hma-depth train step on onednn under V8's sampling profiler, with glibc's heap checks on:
// before the kernels held SIGPROF back, a sample landing in a oneDNN JIT kernel corrupted the
// heap and this aborted in the first step (`malloc(): invalid size (unsorted)`), every run.
describe.skipIf(skip !== null)(`onednn under node --cpu-prof${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'depthkit-cpu-prof-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes an hma-depth train step with the profiler sampling, heap intact, and writes the profile', () => {
    const run = spawnSync(process.execPath, [
      '--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', tsxLoader, '--conditions=@depthkit/source',
      path.join(repoRoot, 'tools/perf/kernel-profile.ts'),
      '--engine', 'onednn', '--case', 'hma-depth', '--shape', '1x192x352', '--repeats', '1',
    ], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, LD_PRELOAD: mallocDebug, MALLOC_CHECK_: '3' }, maxBuffer: 16 << 20 });
    expect(run.stderr + run.stdout).not.toMatch(/malloc\(\)|free\(\)|corrupted/);
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    const profiles = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
    expect(profiles.length).toBeGreaterThan(0);
    const samples = profiles.map((f) => (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { samples: number[] }).samples.length);
    expect(Math.max(...samples)).toBeGreaterThan(100);
  }, 600_000);
});
