import * as tf from '@tensorflow/tfjs-core';
import { registerCoreLayers } from '../layers/register.js';
import { installDepthkitKernels } from './install-kernels.js';

export const engineNames = ['auto', 'tensorflow-gpu', 'tensorflow', 'onednn', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type EngineName = (typeof engineNames)[number];
export type ConcreteEngine = Exclude<EngineName, 'auto'>;

export interface EngineAttempt {
  engine: ConcreteEngine;
  ok: boolean;
  /** Why it was or was not used, in words a user can act on. */
  detail: string;
}

export interface EngineReport {
  engine: ConcreteEngine;
  /** The tfjs backend name now active (`tensorflow`, `onednn`, `webgpu`, `webgl`, `wasm`, `cpu`). */
  backend: string;
  requested: EngineName;
  attempts: EngineAttempt[];
  /** Kernels and gradients depthkit registered for this backend. */
  kernels: string[];
  threads: number;
  simd: boolean;
  /** On onednn: the library's version and the instruction set it dispatched to. */
  onednn?: { version: string; isa: string };
  /** One line: what was chosen and why. */
  summary: string;
}

export interface InitEngineOptions {
  /** Defaults to `DEPTHKIT_ENGINE`, then `auto`. */
  engine?: EngineName;
  /** Where the one-line choice is written; `false` for silence. Defaults to stderr. */
  log?: ((line: string) => void) | false;
  /**
   * Module loader; defaults to dynamic `import()`. A page passes one that maps each backend
   * package to its bundler-visible `import('…')` (a bare specifier in a variable does not load
   * in a browser); tests replace it.
   */
  loadModule?: (specifier: string) => Promise<unknown>;
  /** What `auto` tries, in order; default: `browserAutoOrder` in a page, `nodeAutoOrder` elsewhere. */
  autoOrder?: readonly ConcreteEngine[];
  /** onednn's thread count; defaults to DEPTHKIT_ONEDNN_THREADS, then every core. */
  threads?: number;
}

const nativeModules: Record<'tensorflow-gpu' | 'tensorflow', string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
};

/** `auto` in Node: native libtensorflow, then oneDNN, then WebAssembly, then plain JS. */
export const nodeAutoOrder: readonly ConcreteEngine[] = ['tensorflow-gpu', 'tensorflow', 'onednn', 'wasm', 'cpu'];
/** `auto` in a page: the GPU through WebGPU, then WebGL, then WebAssembly, then plain JS. */
export const browserAutoOrder: readonly ConcreteEngine[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The tfjs packages behind the browser's GPU engines (not dependencies of core: a page's bundle brings them). */
const gpuModules: Record<'webgpu' | 'webgl', { specifier: string; detail: string }> = {
  webgpu: { specifier: '@tensorflow/tfjs-backend-webgpu', detail: 'WebGPU (the GPU through compute shaders)' },
  webgl: { specifier: '@tensorflow/tfjs-backend-webgl', detail: 'WebGL 2 (the GPU through fragment shaders)' },
};

/** A page or a web worker: where `auto` means the browser's backends. */
function inBrowser(): boolean {
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  return typeof g.document === 'object' || typeof g.importScripts === 'function';
}

/** The optional package behind the `onednn` engine (loaded only when tried). */
export const onednnModule = '@depthkit/backend-onednn';
const onednnFix = 'apt-get install libdnnl-dev && pnpm rebuild @depthkit/backend-onednn';

/** The part of @depthkit/backend-onednn the engine uses. */
interface OnednnModule {
  registerOnednnBackend(options?: { threads?: number }): { version: string; isa: string; threads: number; nativeKernels: string[] };
}

interface EngineFacts {
  threads: number;
  simd: boolean;
  onednn?: { version: string; isa: string };
  nativeKernels?: string[];
}

export function parseEngineName(value: string | undefined, source: string): EngineName | undefined {
  if (value == null || value === '') return undefined;
  if ((engineNames as readonly string[]).includes(value)) return value as EngineName;
  throw new Error(`${source}: unknown engine '${value}'; expected one of ${engineNames.join(', ')}`);
}

/** Turns a failed import into a reason a user can act on. */
export function describeLoadFailure(specifier: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    message.includes(`Cannot find package '${specifier}'`) ||
    message.includes(`Cannot find module '${specifier}'`) ||
    // Vite's module runner (vitest, vite-node) words it this way.
    message.includes(`Could not resolve "${specifier}"`);
  if (notFound && message.includes(specifier)) return `${specifier} is not installed`;
  if (/tfjs_binding\.node|native addon|libtensorflow/i.test(message)) {
    return `${specifier} is installed but its native addon is not built (its install step downloads libtensorflow; pnpm also skips unapproved build scripts): ${firstLine(message)}`;
  }
  return `${specifier} is installed but failed to load: ${firstLine(message)}`;
}

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? text;
}

async function activate(backend: string): Promise<boolean> {
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok && tf.getBackend() === backend;
}

async function tryEngine(
  engine: ConcreteEngine,
  loadModule: (specifier: string) => Promise<unknown>,
  options: InitEngineOptions,
  facts: { value?: EngineFacts },
): Promise<EngineAttempt> {
  try {
    if (engine === 'onednn') return await tryOnednn(loadModule, options, facts);
    if (engine === 'tensorflow-gpu' || engine === 'tensorflow') {
      const specifier = nativeModules[engine];
      try {
        await loadModule(specifier);
      } catch (error) {
        return { engine, ok: false, detail: describeLoadFailure(specifier, error) };
      }
      if (tf.findBackend('tensorflow') == null) {
        return { engine, ok: false, detail: `${specifier} loaded but registered no 'tensorflow' backend (a second copy of @tensorflow/tfjs-core? pin every @tensorflow/* to 4.22.0)` };
      }
      const ok = await activate('tensorflow');
      return { engine, ok, detail: ok ? `${specifier} (native libtensorflow)` : `${specifier}: backend failed to initialise` };
    }
    if (engine === 'webgpu' || engine === 'webgl') {
      const { specifier, detail } = gpuModules[engine];
      try {
        await loadModule(specifier);
      } catch (error) {
        return { engine, ok: false, detail: describeLoadFailure(specifier, error) };
      }
      const ok = await activate(engine);
      return { engine, ok, detail: ok ? detail : `${engine} backend failed to initialise (no ${engine === 'webgpu' ? 'WebGPU adapter' : 'WebGL 2 context'} here)` };
    }
    if (engine === 'wasm') {
      await loadModule('@tensorflow/tfjs-backend-wasm');
      const ok = await activate('wasm');
      return { engine, ok, detail: ok ? 'WebAssembly backend with XNNPACK' : 'wasm backend failed to initialise' };
    }
    await loadModule('@tensorflow/tfjs-backend-cpu');
    const ok = await activate('cpu');
    return { engine, ok, detail: ok ? 'pure-JS cpu backend (slowest)' : 'cpu backend failed to initialise' };
  } catch (error) {
    return { engine, ok: false, detail: `${engine} failed: ${firstLine(error instanceof Error ? error.message : String(error))}` };
  }
}

/**
 * The oneDNN backend: its package is optional (absent → skipped), its addon may be unbuilt
 * (no libdnnl or compiler at install → skipped with the build step's recorded reason).
 */
async function tryOnednn(
  loadModule: (specifier: string) => Promise<unknown>,
  options: InitEngineOptions,
  facts: { value?: EngineFacts },
): Promise<EngineAttempt> {
  const engine = 'onednn';
  let module: OnednnModule;
  try {
    module = (await loadModule(onednnModule)) as OnednnModule;
  } catch (error) {
    const reason = describeLoadFailure(onednnModule, error);
    return { engine, ok: false, detail: `${reason} (pnpm add ${onednnModule}; ${onednnFix})` };
  }
  if (typeof module?.registerOnednnBackend !== 'function') {
    return { engine, ok: false, detail: `${onednnModule} loaded but has no registerOnednnBackend (a version mismatch? reinstall it)` };
  }
  let info: ReturnType<OnednnModule['registerOnednnBackend']>;
  try {
    info = module.registerOnednnBackend({ threads: options.threads });
  } catch (error) {
    return { engine, ok: false, detail: firstLine(error instanceof Error ? error.message : String(error)) };
  }
  const ok = await activate('onednn');
  facts.value = { threads: info.threads, simd: true, onednn: { version: info.version, isa: info.isa }, nativeKernels: info.nativeKernels };
  return { engine, ok, detail: ok ? `${onednnModule} (native oneDNN kernels on the cpu backend's memory)` : 'onednn backend failed to initialise' };
}

async function wasmFacts(): Promise<{ threads: number; simd: boolean }> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number };
  return { threads: wasm.getThreadsCount?.() ?? 1, simd };
}

/** `process` exists only in Node: in a page there is no environment to read. */
function environmentVariable(name: string): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env?.[name];
}

function logToStderr(line: string): void {
  if (typeof process === 'undefined' || !process.stderr) console.error(line);
  else process.stderr.write(`${line}\n`);
}

/**
 * Chooses and initialises the tfjs backend depthkit computes on. `auto` tries the native
 * backends first and falls back to wasm, then cpu; a native package that is installed but
 * unbuilt (the usual state on a machine without access to libtensorflow's download host) is
 * skipped with its reason. Depthkit's training kernels are installed on the chosen backend.
 */
export async function initEngine(options: InitEngineOptions = {}): Promise<EngineReport> {
  const requested = options.engine ?? parseEngineName(environmentVariable('DEPTHKIT_ENGINE'), 'DEPTHKIT_ENGINE') ?? 'auto';
  const loadModule = options.loadModule ?? ((specifier: string) => import(specifier));
  const candidates = requested === 'auto' ? options.autoOrder ?? (inBrowser() ? browserAutoOrder : nodeAutoOrder) : [requested];
  // tfjs-core registers no gradients itself; tfjs-layers registers all of them when it loads.
  await loadModule('@tensorflow/tfjs-layers');
  const attempts: EngineAttempt[] = [];
  for (const engine of candidates) {
    const found: { value?: EngineFacts } = {};
    const attempt = await tryEngine(engine, loadModule, options, found);
    attempts.push(attempt);
    if (!attempt.ok) continue;
    const backend = tf.getBackend();
    silenceCpuBanner(backend);
    const kernels = installDepthkitKernels(backend);
    registerCoreLayers();
    const { nativeKernels = [], ...facts }: EngineFacts = found.value ?? (backend === 'wasm' ? await wasmFacts() : { threads: 0, simd: false });
    const report: EngineReport = {
      engine, backend, requested, attempts, kernels: [...kernels, ...nativeKernels], ...facts,
      summary: summarise(engine, requested, attempts, facts),
    };
    if (options.log !== false) (options.log ?? logToStderr)(report.summary);
    return report;
  }
  const reasons = attempts.map((a) => `  ${a.engine}: ${a.detail}`).join('\n');
  throw new Error(`depthkit: engine '${requested}' is not available here:\n${reasons}`);
}

function summarise(
  engine: ConcreteEngine,
  requested: EngineName,
  attempts: EngineAttempt[],
  facts: EngineFacts,
): string {
  const chosen = attempts[attempts.length - 1];
  const threads = `${facts.threads} thread${facts.threads === 1 ? '' : 's'}`;
  const flavour = engine === 'wasm' ? ` (${facts.simd ? 'SIMD' : 'no SIMD'}, ${threads})`
    : engine === 'onednn' && facts.onednn ? ` (oneDNN ${facts.onednn.version}, ${facts.onednn.isa}, ${threads})` : '';
  const why = requested === 'auto' ? 'auto' : `requested`;
  const skipped = attempts.filter((a) => !a.ok).map((a) => `${a.engine}: ${a.detail}`);
  const tail = skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '';
  return `depthkit engine: ${engine}${flavour} — ${why}: ${chosen.detail}${tail}`;
}

/**
 * tfjs's cpu backend prints "looks like you are running TensorFlow.js in Node.js … install our
 * node backend" on its first tensor; depthkit's own engine report already says which engine runs
 * and why the faster ones did not load, so the banner only repeats it less accurately.
 */
function silenceCpuBanner(backend: string): void {
  if (backend !== 'cpu') return;
  const cpu = tf.engine().findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}
