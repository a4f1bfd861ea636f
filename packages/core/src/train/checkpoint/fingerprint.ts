import path from 'node:path';
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

/** The refusal of a resume whose settings differ from the checkpoint's, listing each difference. */
export function fingerprintRefusal(outDir: string, differences: string[]): string {
  return `resume: the checkpoint in ${path.join(outDir, 'checkpoints')} was made with other settings (saved → now):\n${differences.map((d) => `  ${d}`).join('\n')}\n`
    + 'expected the settings it was made with: resume with them, or add --force to continue anyway (the run will not match an uninterrupted one)';
}
