import { onednnModule } from '../engine/engine.js';

export type Availability = { ok: true } | { ok: false; reason: string };

/** Whether @depthkit/backend-onednn's addon is built here, and if not, why. */
export async function onednnAvailability(): Promise<Availability> {
  try {
    const module = (await import(/* @vite-ignore */ onednnModule)) as { onednnStatus(): Availability };
    const status = module.onednnStatus();
    return status.ok ? { ok: true } : { ok: false, reason: status.reason };
  } catch (error) {
    return { ok: false, reason: `${onednnModule} did not load: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The engines kernel and gradient tests run on: wasm and cpu always, onednn where its addon
 * is built (CI builds it; a machine without libdnnl-dev skips it, with the reason printed).
 */
export async function testedEngines(): Promise<Array<'wasm' | 'cpu' | 'onednn'>> {
  const onednn = await onednnAvailability();
  if (!onednn.ok) process.stderr.write(`depthkit tests: onednn skipped: ${onednn.reason}\n`);
  return onednn.ok ? ['wasm', 'cpu', 'onednn'] : ['wasm', 'cpu'];
}
