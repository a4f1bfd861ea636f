import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { browserAutoOrder, describeLoadFailure, initEngine, parseEngineName } from './engine.js';
import { onednnAvailability } from '../testing/index.js';

const onednn = await onednnAvailability();
const onednnFix = 'apt-get install libdnnl-dev && pnpm rebuild @depthkit/backend-onednn';

const realImport = (specifier: string) => import(specifier);

/** Node's own error for a package that is not installed. */
function notInstalled(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

describe('initEngine auto', () => {
  afterEach(() => {
    if (tf.findBackend('tensorflow') != null) tf.removeBackend('tensorflow');
    delete process.env.DEPTHKIT_ENGINE;
  });

  it.skipIf(!onednn.ok)('picks onednn where its addon is built, after skipping the unbuilt tfjs-node', async () => {
    const lines: string[] = [];
    const report = await initEngine({ engine: 'auto', log: (l) => lines.push(l) });
    expect(report.engine).toBe('onednn');
    expect(tf.getBackend()).toBe('onednn');
    expect(report.attempts.map((a) => [a.engine, a.ok])).toEqual([['tensorflow-gpu', false], ['tensorflow', false], ['onednn', true]]);
    expect(report.onednn?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.kernels).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'FusedConv2D', 'DepthkitBatchNormTraining']));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^depthkit engine: onednn \(oneDNN \d+\.\d+\.\d+, \w+, \d+ threads?\) — auto: @depthkit\/backend-onednn/);
  });

  it('skips tfjs-node that is installed but unbuilt (the real devDependency) and, without onednn, picks wasm', async () => {
    const lines: string[] = [];
    const loadModule = (s: string) => (s === '@depthkit/backend-onednn' ? Promise.reject(notInstalled(s)) : realImport(s));
    const report = await initEngine({ engine: 'auto', log: (l) => lines.push(l), loadModule });
    expect(report.engine).toBe('wasm');
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const [gpu, node, , wasm] = report.attempts;
    expect(gpu).toMatchObject({ engine: 'tensorflow-gpu', ok: false });
    expect(gpu.detail).toBe('@tensorflow/tfjs-node-gpu is not installed');
    expect(node).toMatchObject({ engine: 'tensorflow', ok: false });
    expect(node.detail).toMatch(/@tensorflow\/tfjs-node is installed but its native addon is not built/);
    expect(wasm).toMatchObject({ engine: 'wasm', ok: true });
    expect(report.kernels).toContain('Conv2DBackpropFilter');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^depthkit engine: wasm \(SIMD, 1 thread\) — auto/);
  });

  it('picks wasm with a clear reason when tfjs-node and the onednn package are absent', async () => {
    const loadModule = (s: string) =>
      s === '@tensorflow/tfjs-node' || s === '@depthkit/backend-onednn' ? Promise.reject(notInstalled(s)) : realImport(s);
    const report = await initEngine({ engine: 'auto', log: false, loadModule });
    expect(report.engine).toBe('wasm');
    expect(report.attempts[1]).toEqual({
      engine: 'tensorflow', ok: false, detail: '@tensorflow/tfjs-node is not installed',
    });
    expect(report.attempts[2]).toEqual({
      engine: 'onednn', ok: false, detail: `@depthkit/backend-onednn is not installed (pnpm add @depthkit/backend-onednn; ${onednnFix})`,
    });
  });

  it("skips onednn with the build step's reason when its addon is not built", async () => {
    // What the installed package says when its install step found no oneDNN.
    const unbuilt = `@depthkit/backend-onednn's addon is not built: oneDNN headers (oneapi/dnnl/dnnl.hpp) not found. Fix: ${onednnFix}`;
    const loadModule = async (s: string) => {
      if (s === '@depthkit/backend-onednn') return { registerOnednnBackend: () => { throw new Error(unbuilt); } };
      return realImport(s);
    };
    const lines: string[] = [];
    const report = await initEngine({ engine: 'auto', log: (l) => lines.push(l), loadModule });
    expect(report.engine).toBe('wasm');
    expect(report.attempts[2]).toEqual({ engine: 'onednn', ok: false, detail: unbuilt });
    expect(lines[0]).toContain(`skipped tensorflow-gpu: @tensorflow/tfjs-node-gpu is not installed; tensorflow: `);
    expect(lines[0]).toContain(`; onednn: ${unbuilt}`);
    await expect(initEngine({ engine: 'onednn', log: false, loadModule })).rejects.toThrow(
      `depthkit: engine 'onednn' is not available here:\n  onednn: ${unbuilt}`,
    );
  });

  it('fails clearly when onednn is requested and its package is absent', async () => {
    const loadModule = (s: string) => (s === '@depthkit/backend-onednn' ? Promise.reject(notInstalled(s)) : realImport(s));
    await expect(initEngine({ engine: 'onednn', log: false, loadModule })).rejects.toThrow(
      `depthkit: engine 'onednn' is not available here:\n  onednn: @depthkit/backend-onednn is not installed (pnpm add @depthkit/backend-onednn; ${onednnFix})`,
    );
  });

  it.skipIf(!onednn.ok)('runs onednn when requested, with the thread count asked for', async () => {
    const report = await initEngine({ engine: 'onednn', log: false, threads: 1 });
    expect(report).toMatchObject({ engine: 'onednn', backend: 'onednn', requested: 'onednn', threads: 1 });
    expect(report.summary).toMatch(/^depthkit engine: onednn \(oneDNN [\d.]+, \w+, 1 thread\) — requested/);
    const again = await initEngine({ engine: 'onednn', log: false, threads: 2 });
    expect(again.threads).toBe(2);
  });

  it('prefers a working native backend when one loads', async () => {
    // A stand-in for a built tfjs-node: importing it registers a 'tensorflow' backend.
    const loadModule = async (s: string) => {
      if (s === '@tensorflow/tfjs-node') {
        tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
        return {};
      }
      return realImport(s);
    };
    const report = await initEngine({ engine: 'auto', log: false, loadModule });
    expect(report.engine).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(report.attempts.map((a) => a.ok)).toEqual([false, true]);
    await tf.setBackend('wasm');
  });

  it('reads DEPTHKIT_ENGINE and rejects unknown names', async () => {
    process.env.DEPTHKIT_ENGINE = 'cpu';
    const report = await initEngine({ log: false });
    expect(report.engine).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    process.env.DEPTHKIT_ENGINE = 'cuda';
    await expect(initEngine({ log: false })).rejects.toThrow(/DEPTHKIT_ENGINE: unknown engine 'cuda'/);
  });

  it('fails with every reason when an explicitly requested engine is unavailable', async () => {
    await expect(initEngine({ engine: 'tensorflow', log: false })).rejects.toThrow(
      /engine 'tensorflow' is not available here:\n {2}tensorflow: @tensorflow\/tfjs-node is installed but its native addon is not built/,
    );
  });
});

describe('initEngine browser engines (webgpu, webgl)', () => {
  afterEach(async () => {
    // Looked up in the registry, not with findBackend, which would try to initialise a broken fake.
    for (const name of ['webgl', 'webgpu']) if (name in tf.engine().registryFactory) tf.removeBackend(name);
    await tf.setBackend('wasm');
  });

  /** A stand-in for a GPU backend package: importing it registers the backend, as the real ones do. */
  const fakeGpuPackages = (working: string[]) => async (s: string) => {
    const name = s.replace('@tensorflow/tfjs-backend-', '');
    if (name === 'webgl' || name === 'webgpu') {
      tf.registerBackend(name, () => {
        if (!working.includes(name)) throw new Error(`no ${name} here`);
        return new MathBackendCPU();
      }, 0);
      return {};
    }
    return realImport(s);
  };

  it('keeps Node\'s auto order where there is no document (no GPU engine is tried)', async () => {
    const report = await initEngine({ engine: 'auto', log: false, loadModule: fakeGpuPackages(['webgl', 'webgpu']) });
    expect(report.attempts.map((a) => a.engine)).not.toContain('webgl');
    expect(report.attempts.map((a) => a.engine)).not.toContain('webgpu');
  });

  it('tries webgpu, then webgl, in the browser order, and says why webgpu was skipped', async () => {
    const report = await initEngine({ engine: 'auto', log: false, autoOrder: browserAutoOrder, loadModule: fakeGpuPackages(['webgl']) });
    expect(report.engine).toBe('webgl');
    expect(tf.getBackend()).toBe('webgl');
    expect(report.attempts).toEqual([
      { engine: 'webgpu', ok: false, detail: 'webgpu backend failed to initialise (no WebGPU adapter here)' },
      { engine: 'webgl', ok: true, detail: 'WebGL 2 (the GPU through fragment shaders)' },
    ]);
    expect(report.summary).toMatch(/^depthkit engine: webgl — auto: WebGL 2 .*; skipped webgpu: webgpu backend failed to initialise/);
  });

  it('refuses a requested webgl whose package is not installed, naming it', async () => {
    const loadModule = (s: string) => (s === '@tensorflow/tfjs-backend-webgl' ? Promise.reject(notInstalled(s)) : realImport(s));
    await expect(initEngine({ engine: 'webgl', log: false, loadModule })).rejects.toThrow(
      "depthkit: engine 'webgl' is not available here:\n  webgl: @tensorflow/tfjs-backend-webgl is not installed",
    );
  });

  it('lists the browser engines among the names', () => {
    expect(parseEngineName('webgpu', '--engine')).toBe('webgpu');
    expect(parseEngineName('webgl', '--engine')).toBe('webgl');
    expect(browserAutoOrder).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

describe('engine helpers', () => {
  it('parses engine names', () => {
    expect(parseEngineName('wasm', '--engine')).toBe('wasm');
    expect(parseEngineName(undefined, '--engine')).toBeUndefined();
    expect(() => parseEngineName('gpu', '--engine')).toThrow("--engine: unknown engine 'gpu'");
  });

  it('describes a load failure that is neither absence nor a missing addon', () => {
    expect(describeLoadFailure('@tensorflow/tfjs-node', new Error('boom\nstack'))).toBe(
      '@tensorflow/tfjs-node is installed but failed to load: boom',
    );
  });
});
