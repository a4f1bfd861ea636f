import { describe, expect, it } from 'vitest';
import { checkConfig } from './check-config.js';

const defaults = { backbone: 'resnet50', decoderWidth: 512, lambda: 0.85, attention: true, asppRates: [3, 6, 12], padTo: null as [number, number] | null };
const where = 'model/model.json: config';

describe('checkConfig', () => {
  it('accepts the defaults and an optional setting given', () => {
    expect(checkConfig(defaults, { ...defaults, padTo: [384, 1248] }, where).padTo).toEqual([384, 1248]);
  });

  it('refuses prototype keys and names, unknown keys, wrong kinds and absurd numbers, naming the key', () => {
    expect(() => checkConfig(defaults, JSON.parse('{"__proto__": {"polluted": 1}}'), where)).toThrow(`${where}: unknown config key '__proto__'; expected only backbone, decoderWidth`);
    expect(() => checkConfig(defaults, { ...defaults, constructor: 'x' }, where)).toThrow("unknown config key 'constructor'");
    expect(() => checkConfig(defaults, { ...defaults, backbone: '__proto__' }, where)).toThrow(`${where}: config 'backbone': expected a name like 'resnet50', found '__proto__'`);
    expect(() => checkConfig(defaults, { ...defaults, decoderWidth: 1e9 }, where)).toThrow(`${where}: config 'decoderWidth': expected at most 32768 (64× the default 512), found 1000000000; is it a typo?`);
    expect(() => checkConfig(defaults, { ...defaults, decoderWidth: '512' }, where)).toThrow(`config 'decoderWidth': expected number (like 512), found "512"`);
    expect(() => checkConfig(defaults, { ...defaults, lambda: -1 }, where)).toThrow(`config 'lambda': expected a positive number (like 0.85), found -1`);
    expect(() => checkConfig(defaults, { ...defaults, asppRates: [3, Number.NaN] }, where)).toThrow(`config 'asppRates': [1]: expected a finite number, found NaN`);
    expect(({} as { polluted?: number }).polluted).toBeUndefined();
  });
});
