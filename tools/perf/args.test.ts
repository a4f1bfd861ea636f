import { describe, expect, it } from 'vitest';
import { parsePerfArgs } from './args.js';

const cases = ['reference', 'hma-depth'];

describe('bench:perf arguments', () => {
  it('defaults to three rounds of five repeats after two warm-ups, fallbacks allowed, every case', () => {
    expect(parsePerfArgs([], cases)).toEqual({ repeats: 5, warmups: 2, rounds: 3, noFallback: false });
  });

  it('passes any engine name through for core to validate', () => {
    const args = parsePerfArgs(['--engine', 'onednn', '--case', 'hma-depth', '--rounds', '5', '--repeats', '1', '--warmups', '0', '--no-fallback'], cases);
    expect(args).toEqual({ engine: 'onednn', only: 'hma-depth', rounds: 5, repeats: 1, warmups: 0, noFallback: true });
  });

  it('rejects fewer than three rounds, a non-integer repeat count and an unknown case or flag', () => {
    expect(() => parsePerfArgs(['--rounds', '2'], cases)).toThrow("--rounds takes an integer ≥ 3, got '2'");
    expect(() => parsePerfArgs(['--repeats', '1.5'], cases)).toThrow("--repeats takes an integer ≥ 1, got '1.5'");
    expect(() => parsePerfArgs(['--case', 'nope'], cases)).toThrow("unknown case 'nope'; expected one of reference, hma-depth");
    expect(() => parsePerfArgs(['--fast'], cases)).toThrow("unknown argument '--fast'");
  });

  it('rejects a flag whose value is missing instead of swallowing the next flag', () => {
    expect(() => parsePerfArgs(['--engine', '--no-fallback'], cases)).toThrow('--engine needs a value');
    expect(() => parsePerfArgs(['--case'], cases)).toThrow('--case needs a value');
  });

  it('answers --help', () => {
    expect(parsePerfArgs(['--repeats', '3', '--help'], cases)).toBe('help');
  });
});
