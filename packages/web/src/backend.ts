import * as tf from '@tensorflow/tfjs-core';
import { browserAutoOrder, initEngine, type EngineReport } from '@depthkit/core/web';

export const webBackendNames = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type WebBackendName = (typeof webBackendNames)[number];

/** `setWasmPaths`'s argument: a folder URL (ending in '/') or a URL per binary. */
export type WasmPaths = string | Partial<Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string>>;

export interface BackendOptions {
  backend?: WebBackendName;
  /** Where the wasm binaries are served; default: beside this module (the page's bundle). */
  wasmPaths?: WasmPaths;
  /** Where the one-line choice is written; default console.info, `false` for silence. */
  log?: ((line: string) => void) | false;
}

let wasmPathsSet: string | null = null;

/** The folder this module was loaded from: where a bundler's copy of the wasm binaries sits. */
function besideThisModule(): string | undefined {
  // In Node, tfjs finds its binaries in its own package; a default here would only mislead it.
  if (typeof (globalThis as { document?: unknown }).document !== 'object') return undefined;
  // Not a literal: bundlers (vite) rewrite `new URL('literal', import.meta.url)` into an asset import.
  const folder = './';
  return new URL(folder, import.meta.url).href;
}

/**
 * Backend packages as imports a bundler sees (a bare specifier held in a variable does not load
 * in a page). Only the chosen backend's package is loaded. The tfjs umbrella that core's
 * initEngine loads for training gradients is not needed to predict.
 */
function moduleLoader(wasmPaths: WasmPaths | undefined): (specifier: string) => Promise<unknown> {
  return async (specifier) => {
    switch (specifier) {
      case '@tensorflow/tfjs-backend-webgpu': return import('@tensorflow/tfjs-backend-webgpu');
      case '@tensorflow/tfjs-backend-webgl': return import('@tensorflow/tfjs-backend-webgl');
      case '@tensorflow/tfjs-backend-cpu': return import('@tensorflow/tfjs-backend-cpu');
      case '@tensorflow/tfjs-backend-wasm': {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        const paths = wasmPaths ?? besideThisModule();
        const key = paths == null ? null : JSON.stringify(paths);
        // The binaries are fetched once, when the backend first initialises: set before that.
        if (paths != null && key !== wasmPathsSet && !('wasm' in tf.engine().registry)) {
          wasm.setWasmPaths(paths);
          wasmPathsSet = key;
        }
        return wasm;
      }
      default: return {};
    }
  };
}

/**
 * Initialises the tfjs backend a page predicts on, through core's engine: `auto` tries webgpu →
 * webgl → wasm → cpu and takes the first that initialises (each skipped one with its reason in
 * the report); a named backend is used or fails with the reason.
 */
export async function initWebBackend(options: BackendOptions = {}): Promise<EngineReport> {
  const backend = options.backend ?? 'auto';
  if (!(webBackendNames as readonly string[]).includes(backend)) {
    throw new Error(`loadDepthModel: unknown backend ${JSON.stringify(backend)}; expected one of ${webBackendNames.join(', ')}`);
  }
  return initEngine({
    engine: backend,
    autoOrder: browserAutoOrder,
    loadModule: moduleLoader(options.wasmPaths),
    log: options.log ?? ((line: string) => console.info(line)),
  });
}
