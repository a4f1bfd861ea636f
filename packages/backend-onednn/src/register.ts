import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadAddon } from './addon.js';
import { OnednnBackend } from './backend.js';
import { nativeKernels } from './kernels/registry.js';

export const onednnBackendName = 'onednn';

export interface OnednnInfo {
  /** oneDNN's version, e.g. 2.6.3. */
  version: string;
  /** The instruction set oneDNN dispatches to (dnnl_get_effective_cpu_isa), e.g. avx512_core. */
  isa: string;
  threads: number;
  /** Kernels run natively (the rest are tfjs's cpu kernels). */
  nativeKernels: string[];
}

export interface RegisterOptions {
  /** OpenMP threads; defaults to DEPTHKIT_ONEDNN_THREADS, then every core (OMP_NUM_THREADS). */
  threads?: number;
}

let registered: string[] | undefined;

function threadsFrom(options: RegisterOptions): number | undefined {
  if (options.threads != null) return options.threads;
  const env = process.env.DEPTHKIT_ONEDNN_THREADS;
  if (env == null || env === '') return undefined;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DEPTHKIT_ONEDNN_THREADS: expected a positive integer, found '${env}'`);
  return n;
}

/**
 * Registers the `onednn` tfjs backend: every cpu kernel again under `onednn`, the native ones
 * in place of the hot kernels. Throws, with what to do, when the addon is not built.
 * Idempotent; `threads` may be changed on a later call.
 */
export function registerOnednnBackend(options: RegisterOptions = {}): OnednnInfo {
  const status = loadAddon();
  if (!status.ok) throw new Error(status.reason);
  const { addon } = status;
  const threads = threadsFrom(options);
  if (threads != null) addon.setThreads(threads);
  if (registered == null) {
    tf.registerBackend(onednnBackendName, () => new OnednnBackend(addon), 0);
    for (const config of tf.getKernelsForBackend('cpu')) {
      tf.registerKernel({ ...config, backendName: onednnBackendName });
    }
    const native = nativeKernels(onednnBackendName);
    for (const config of native) {
      if (tf.getKernel(config.kernelName, onednnBackendName) != null) tf.unregisterKernel(config.kernelName, onednnBackendName);
      tf.registerKernel(config);
    }
    registered = native.map((k) => k.kernelName);
  }
  const info = addon.info();
  return { ...info, nativeKernels: [...registered] };
}

/** The addon's facts, or why it cannot load — without registering anything. */
export function onednnStatus(): { ok: true; version: string; isa: string; threads: number } | { ok: false; reason: string } {
  const status = loadAddon();
  return status.ok ? { ok: true, ...status.addon.info() } : { ok: false, reason: status.reason };
}
