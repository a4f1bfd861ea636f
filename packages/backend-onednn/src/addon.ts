import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The native addon's functions (native/*.cc); every one validates its arguments and throws. */
export interface OnednnAddon {
  info(): { version: string; isa: string; threads: number };
  setThreads(threads: number): number;
  clearCache(): number;
  /** Primitive cache counters since load; buildMs is time spent creating (JIT-compiling) primitives. */
  cacheStats(): { entries: number; limit: number; hits: number; misses: number; clears: number; buildMs: number };
  convForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, geometry: number[], activation: number, alpha: number): void;
  convBackwardData(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: number[]): void;
  convBackwardWeights(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: number[]): void;
  matMul(a: Float32Array, b: Float32Array, bias: Float32Array | null, c: Float32Array, dims: number[], activation: number, alpha: number): void;
  poolForward(kind: number, x: Float32Array, y: Float32Array, geometry: number[]): void;
  poolBackward(kind: number, x: Float32Array | null, dy: Float32Array, dx: Float32Array, geometry: number[]): void;
  batchNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array, shape: number[], epsilon: number): void;
  batchNormBackward(x: Float32Array, mean: Float32Array, variance: Float32Array, gamma: Float32Array, dy: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, shape: number[], epsilon: number): void;
  batchNormInference(x: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array | null, offset: Float32Array | null, y: Float32Array, shape: number[], epsilon: number): void;
  groupNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, xhat: Float32Array, invStd: Float32Array, shape: number[], groups: number, epsilon: number, relu: number): void;
  groupNormBackward(dy: Float32Array, xhat: Float32Array, invStd: Float32Array, gamma: Float32Array, beta: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, shape: number[], groups: number, relu: number): void;
  resizeBilinear(x: Float32Array, y: Float32Array, shape: number[], flags: number[]): void;
  resizeBilinearGrad(dy: Float32Array, dx: Float32Array, shape: number[], flags: number[]): void;
  binary(op: number, a: Float32Array, aDims: number[], b: Float32Array, bDims: number[], out: Float32Array, channelLast: number, outScale: number): void;
  unary(op: number, x: Float32Array, out: Float32Array, alpha: number, beta: number): void;
  reduce(op: number, x: Float32Array, xDims: number[], out: Float32Array, outDims: number[]): void;
  copyBox(src: Float32Array, srcDims: number[], srcBegin: number[], dst: Float32Array, dstDims: number[], dstBegin: number[], size: number[]): void;
  fill(dst: Float32Array, value: number): void;
  /** out[o, i, :] = src[o, indices[i], :] for dims [outer, rows, inner]; false (nothing written) if an index is out of range. */
  gatherRows(src: Float32Array, dims: number[], indices: Int32Array, dst: Float32Array): boolean;
  adamUpdate(
    g: Float32Array, w: Float32Array, m: Float32Array, v: Float32Array, wOut: Float32Array, mOut: Float32Array, vOut: Float32Array, n: number,
    decay: number, b1: number, oneMinusB1: number, b2: number, oneMinusB2: number, bc2Sqrt: number, eps: number, negStepSize: number, coupledDecay: number, decoupled: number,
  ): void;
  sgdUpdate(g: Float32Array, w: Float32Array, buf: Float32Array | null, wOut: Float32Array, bufOut: Float32Array | null, n: number, weightDecay: number, momentum: number, nesterov: number, negLr: number): void;
  eluGradFromOutput(y: Float32Array, dy: Float32Array, dx: Float32Array): void;
  reluGradFromOutput(y: Float32Array, dy: Float32Array, dx: Float32Array, alpha: number): void;
}

/** Every function the kernels call, so that a build older than this package is caught at load. */
const addonFunctions = [
  'info', 'setThreads', 'clearCache', 'cacheStats', 'convForward', 'convBackwardData', 'convBackwardWeights', 'matMul',
  'poolForward', 'poolBackward', 'batchNormForward', 'batchNormBackward', 'batchNormInference', 'groupNormForward',
  'groupNormBackward', 'resizeBilinear', 'resizeBilinearGrad', 'binary', 'unary', 'reduce', 'copyBox', 'fill', 'gatherRows',
  'adamUpdate', 'sgdUpdate', 'eluGradFromOutput', 'reluGradFromOutput',
] as const satisfies ReadonlyArray<keyof OnednnAddon>;
// The list names every member of OnednnAddon: a new addon function must be added to it.
type Unlisted = Exclude<keyof OnednnAddon, (typeof addonFunctions)[number]>;
const everyFunctionListed: Unlisted extends never ? true : Unlisted = true;
void everyFunctionListed;

/**
 * Why a loaded addon cannot serve this package's kernels, or undefined if it can: a build left
 * from an older version lacks the newer functions, and would fail mid-step with "… is not a
 * function" instead of being skipped with a fix.
 */
export function staleAddonReason(addon: Record<string, unknown>, file: string): string | undefined {
  const missing = addonFunctions.filter((name) => typeof addon[name] !== 'function');
  if (missing.length === 0) return undefined;
  return `@depthkit/backend-onednn's addon (${file}) is older than its JavaScript: it lacks ${missing.join(', ')}. Fix: pnpm rebuild @depthkit/backend-onednn (in the depthkit workspace: pnpm build)`;
}

export type AddonStatus = { ok: true; addon: OnednnAddon } | { ok: false; reason: string };

// DEPTHKIT_ONEDNN_SANITIZE picks the instrumented build (scripts/build-addon.mjs, README
// "Sanitizer build"); it only loads with the sanitizer runtime preloaded (scripts/test-asan.mjs).
const buildFolder = (process.env.DEPTHKIT_ONEDNN_SANITIZE ?? '') === '' ? '../build' : '../build-sanitize/build';
const addonPath = fileURLToPath(new URL(`${buildFolder}/Release/depthkit_onednn.node`, import.meta.url));
const statusPath = fileURLToPath(new URL('../build/onednn-status.json', import.meta.url));
export const rebuildHint = 'apt-get install libdnnl-dev && pnpm rebuild @depthkit/backend-onednn';

let status: AddonStatus | undefined;

/** Why the build step left no addon, as it recorded it (build/onednn-status.json). */
function recordedBuildFailure(): string | undefined {
  if (!existsSync(statusPath)) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(statusPath, 'utf8')) as { ok?: boolean; reason?: string };
    return recorded.ok === false ? recorded.reason : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the native addon once. Never throws: a missing or unloadable addon comes back as a
 * reason a user can act on (the engine prints it when it skips onednn).
 */
export function loadAddon(): AddonStatus {
  if (status != null) return status;
  if (!existsSync(addonPath)) {
    const why = recordedBuildFailure() ?? 'its install step never ran (pnpm runs a dependency\'s build script only once approved: pnpm approve-builds)';
    status = { ok: false, reason: `@depthkit/backend-onednn's addon is not built: ${why}. Fix: ${rebuildHint}` };
    return status;
  }
  // libgomp reads this once, when the addon loads it. Its default spins waiting threads, which
  // on a machine shared with other processes (CI, a busy laptop) made steps 5× slower here.
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  try {
    const addon = createRequire(import.meta.url)(addonPath) as OnednnAddon;
    const stale = staleAddonReason(addon as unknown as Record<string, unknown>, addonPath);
    status = stale == null ? { ok: true, addon } : { ok: false, reason: stale };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    status = { ok: false, reason: `@depthkit/backend-onednn's addon failed to load (${message}; is libdnnl installed?). Fix: ${rebuildHint}` };
  }
  return status;
}
