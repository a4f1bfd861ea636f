import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addonStatus, skipReason } from '../test/helpers.js';
import { loadAddon, staleAddonReason } from './addon.js';

const buildScript = fileURLToPath(new URL('../scripts/build-addon.mjs', import.meta.url));

describe.skipIf(!addonStatus.ok)(`the addon refuses bad calls with JS errors${skipReason}`, () => {
  const addon = () => {
    const status = loadAddon();
    if (!status.ok) throw new Error(status.reason);
    return status.addon;
  };
  const geometry = [1, 4, 4, 2, 4, 4, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1];

  it('reports the oneDNN version, ISA and threads', () => {
    const info = addon().info();
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.isa).toMatch(/^(sse41|avx|avx2|avx2_vnni|avx512_\w+|generic|all)$/);
    expect(info.threads).toBeGreaterThanOrEqual(1);
  });

  it('names the function and argument for wrong counts, types and sizes', () => {
    const a = addon();
    expect(() => (a.convForward as (...args: unknown[]) => void)(1)).toThrow('@depthkit/backend-onednn convForward: expected 7 arguments, found 1');
    expect(() => a.convForward([1, 2] as unknown as Float32Array, new Float32Array(54), null, new Float32Array(48), geometry, 0, 0)).toThrow('convForward: x must be a Float32Array');
    expect(() => a.convForward(new Float32Array(31), new Float32Array(54), null, new Float32Array(48), geometry, 0, 0)).toThrow('convForward: x: expected 32 elements, found 31');
    expect(() => a.convForward(new Float32Array(32), new Float32Array(54), null, new Float32Array(48), geometry.slice(1), 0, 0)).toThrow(/geometry .*: expected 18 integers, found 17/);
    expect(() => a.convForward(new Float32Array(32), new Float32Array(54), null, new Float32Array(48), [...geometry.slice(0, 4), 9, ...geometry.slice(5)], 0, 0)).toThrow('output size does not follow');
    expect(() => a.convForward(new Float32Array(32), new Float32Array(54), null, new Float32Array(48), geometry, 77, 0)).toThrow('unknown activation code 77');
    expect(() => a.matMul(new Float32Array(4), new Float32Array(4), null, new Float32Array(4), [2, 3, 2, 2, 2, 0, 0], 0, 0)).toThrow('batch sizes must match or one must be 1');
    expect(() => a.binary(0, new Float32Array(6), [2, 3], new Float32Array(2), [2, 1, 1], new Float32Array(6), 0, 1)).toThrow('same rank');
    expect(() => a.setThreads(0)).toThrow('threads must be between 1 and 4096, found 0');
    // Batch norm: buffers checked against the shape [n, h, w, c] and epsilon that come last.
    const f = (n: number) => new Float32Array(n);
    expect(() => a.batchNormForward(f(24), f(3), f(3), f(24), f(3), f(3), [1, 2, 4, 3], -1)).toThrow('batchNormForward: epsilon must be >= 0');
    expect(() => a.batchNormForward(f(24), f(3), f(3), f(23), f(3), f(3), [1, 2, 4, 3], 1e-3)).toThrow('batchNormForward: y: expected 24 elements, found 23');
    expect(() => a.batchNormBackward(f(24), f(3), f(2), f(3), f(24), f(24), f(3), f(3), [1, 2, 4, 3], 1e-3)).toThrow('batchNormBackward: variance: expected 3 elements, found 2');
    expect(() => a.batchNormInference(f(24), f(3), f(3), f(4), null, f(24), [1, 2, 4, 3], 1e-3)).toThrow('batchNormInference: scale: expected 3 elements, found 4');
    expect(() => a.reluGradFromOutput(new Float32Array(2), new Float32Array(2), new Float32Array(2), -1)).toThrow('alpha must be >= 0');
  });

  it('refuses shapes whose element count wraps around instead of running past a small array', () => {
    const a = addon();
    const f = (n: number) => new Float32Array(n);
    // 2^32 · 2^32 wraps to 0 in 64 bits and 2^32 · 2^32 · 2^4 · 2 to 32: without the checks these
    // shapes matched arrays of that length and oneDNN walked the huge dims past their end.
    const big = 2 ** 32;
    expect(() => a.convForward(f(32), f(54), null, f(48), [big, big, 16, 2, big, 16, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0, 0))
      .toThrow("convForward: geometry's source dims: more than 2^53 elements");
    expect(() => a.poolForward(0, f(32), f(8), [big, big, 16, 2, big, 8, 2, 2, 2, 2, 0, 0, 0, 0]))
      .toThrow("poolForward: geometry's source dims: more than 2^53 elements");
    expect(() => a.matMul(f(4), f(4), null, f(4), [1, 1, big, big, 1, 0, 0], 0, 0)).toThrow('matMul: dims of a: more than 2^53 elements');
    expect(() => a.binary(0, f(0), [big, big], f(0), [big, big], f(0), 0, 1)).toThrow('binary: aDims: more than 2^53 elements');
    expect(() => a.reduce(0, f(2), [big, big, 2], f(1), [1, 1, 1])).toThrow('reduce: xDims: more than 2^53 elements');
    expect(() => a.resizeBilinear(f(8), f(8), [big, big, 1, 8, 1, 1], [0, 0])).toThrow('resizeBilinear: input shape: more than 2^53 elements');
    expect(() => a.batchNormForward(f(3), f(3), f(3), f(3), f(3), f(3), [big, big, 1, 3], 1e-3)).toThrow('batchNormForward: shape: more than 2^53 elements');
    expect(() => a.copyBox(f(4), [big, big, 4], [0, 0, 0], f(4), [1, 1, 4], [0, 0, 0], [1, 1, 4])).toThrow('copyBox: srcDims or dstDims describe more than 2^53 elements');
    // Ordinary sizes still pass (resize checks its input and output volumes apart).
    const x = f(1 * 2 * 3 * 1);
    const y = f(1 * 4 * 6 * 1);
    expect(() => a.resizeBilinear(x, y, [1, 2, 3, 1, 4, 6], [0, 0])).not.toThrow();
  });

  it('sets the thread count', () => {
    const a = addon();
    const before = a.info().threads;
    expect(a.setThreads(1)).toBe(1);
    expect(a.info().threads).toBe(1);
    a.setThreads(before);
  });
});

describe('a build older than the package', () => {
  it('is refused at load with the functions it lacks and the rebuild command', () => {
    const built = loadAddon();
    if (built.ok) expect(staleAddonReason(built.addon as unknown as Record<string, unknown>, 'x.node')).toBeUndefined();
    const fn = () => undefined;
    const older = { info: fn, setThreads: fn, convForward: fn, groupNormForward: 'not a function' };
    const reason = staleAddonReason(older, '/p/build/Release/depthkit_onednn.node');
    expect(reason).toMatch(/^@depthkit\/backend-onednn's addon \(\/p\/build\/Release\/depthkit_onednn\.node\) is older than its JavaScript: it lacks clearCache, cacheStats, convBackwardData, /);
    expect(reason).toContain('groupNormForward');
    expect(reason).not.toMatch(/lacks[^.]*\binfo\b/);
    expect(reason).toMatch(/Fix: pnpm rebuild @depthkit\/backend-onednn/);
  });
});

describe('the install step never fails', () => {
  const runBuild = (env: Record<string, string>) => {
    const status = path.join(mkdtempSync(path.join(tmpdir(), 'dk-onednn-')), 'status.json');
    const result = spawnSync(process.execPath, [buildScript, '--install', '--status', status], { env: { ...process.env, ...env, DEPTHKIT_REQUIRE_ONEDNN: '' }, encoding: 'utf8' });
    return { code: result.status, stderr: result.stderr, recorded: JSON.parse(readFileSync(status, 'utf8')) as { ok: boolean; reason: string } };
  };

  it('exits 0 and records why when oneDNN is missing', () => {
    const { code, recorded, stderr } = runBuild({ DEPTHKIT_ONEDNN_ROOTS: '/nonexistent' });
    expect(code).toBe(0);
    expect(recorded.ok).toBe(false);
    expect(recorded.reason).toMatch(/oneDNN headers \(oneapi\/dnnl\/dnnl.hpp\) not found: apt-get install libdnnl-dev .*pnpm rebuild @depthkit\/backend-onednn/);
    expect(stderr).toContain('native addon not built');
  });

  it('exits 0 and records why when there is no compiler', () => {
    const { code, recorded } = runBuild({ CXX: '/nonexistent/c++' });
    expect(code).toBe(0);
    expect(recorded.reason).toMatch(/no C\+\+ compiler \(\/nonexistent\/c\+\+\) found/);
  });
});
