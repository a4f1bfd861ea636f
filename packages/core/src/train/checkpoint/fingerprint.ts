import type { RunFingerprint } from './checkpoint.js';

/**
 * `key: saved → now` for every setting that differs between a checkpoint's fingerprint and this
 * run's; nothing when either side has none (a library caller that gave no fingerprint).
 */
export function fingerprintDifferences(saved: RunFingerprint | undefined, now: RunFingerprint | undefined): string[] {
  if (!saved || !now) return [];
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(now)])];
  return keys
    .filter((key) => !Object.is(valueOf(saved, key), valueOf(now, key)))
    .map((key) => `${key}: ${show(valueOf(saved, key))} → ${show(valueOf(now, key))}`);
}

function valueOf(fingerprint: RunFingerprint, key: string): RunFingerprint[string] | undefined {
  return Object.hasOwn(fingerprint, key) ? fingerprint[key] : undefined;
}

function show(value: RunFingerprint[string] | undefined): string {
  return value === undefined ? '(not recorded)' : JSON.stringify(value);
}
