import { checkConfig } from '@depthkit/core';
import { describe, expect, it } from 'vitest';
import { benchMethods } from './methods.js';

describe('every preset of every bench method', () => {
  it('passes the config check a saved model is loaded through (so trained models always load)', () => {
    const refused: string[] = [];
    for (const method of benchMethods) {
      for (const [name, preset] of Object.entries(method.presets)) {
        try {
          checkConfig(method.defaultConfig, JSON.parse(JSON.stringify(preset.config)), `${method.id}/${name}`);
        } catch (error) {
          refused.push((error as Error).message);
        }
      }
    }
    expect(refused).toEqual([]);
    expect(benchMethods.length).toBe(5);
  });
});
