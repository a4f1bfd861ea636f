/**
 * A config read from a file (a model folder's metadata) checked against the method's typed
 * default before any network is built: every key one the method has (own properties only, so
 * `__proto__` or `constructor` are refused, not looked up), every value of the default's kind,
 * numbers finite and not absurd. A bad value would otherwise fail deep inside tfjs.
 */
export function checkConfig<Config>(defaults: Config, given: unknown, where: string): Config {
  if (given == null || typeof given !== 'object' || Array.isArray(given)) {
    throw new Error(`${where}: expected a config object, found ${JSON.stringify(given)}`);
  }
  const known = defaults as Record<string, unknown>;
  const unknown = Object.keys(given).filter((key) => !Object.hasOwn(known, key));
  if (unknown.length > 0) {
    throw new Error(`${where}: unknown config key${unknown.length === 1 ? '' : 's'} ${unknown.map((k) => `'${k}'`).join(', ')}; expected only ${Object.keys(known).join(', ')}`);
  }
  for (const [key, value] of Object.entries(given)) {
    const problem = valueProblem(known[key], value);
    if (problem) throw new Error(`${where}: config '${key}': ${problem}`);
  }
  return given as Config;
}

/** Magnitudes above this many times the default's are refused: a decoder 64× wider than the paper's is a typo, not a model. */
const absurdFactor = 64;

function valueProblem(reference: unknown, value: unknown): string | null {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  // null in the default marks an optional setting (ds-sidenet's padTo, segment-depth's trainFocal): any kind, but numbers finite.
  if (reference === undefined || reference === null || value === null) {
    return typeof value === 'number' && !Number.isFinite(value) ? `expected a finite number, found ${value}` : null;
  }
  if (kind(reference) !== kind(value)) return `expected ${kind(reference)} (like ${JSON.stringify(reference)}), found ${JSON.stringify(value)}`;
  if (typeof reference === 'string' && typeof value === 'string' && ['__proto__', 'constructor', 'prototype'].includes(value)) {
    return `expected a name like '${reference}', found '${value}'`;
  }
  if (typeof reference === 'number' && typeof value === 'number') {
    if (!Number.isFinite(value)) return `expected a finite number, found ${value}`;
    if (reference > 0 && value <= 0) return `expected a positive number (like ${reference}), found ${value}`;
    const limit = absurdFactor * Math.max(1, Math.abs(reference));
    if (Math.abs(value) > limit) return `expected at most ${limit} (${absurdFactor}× the default ${reference}), found ${value}; is it a typo?`;
  }
  if (Array.isArray(reference) && Array.isArray(value) && reference.length > 0) {
    for (const [i, item] of value.entries()) {
      const problem = valueProblem(reference[0], item);
      if (problem) return `[${i}]: ${problem}`;
    }
  }
  return null;
}
