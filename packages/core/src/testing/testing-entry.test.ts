import { describe, expect, it } from 'vitest';
import * as main from '../index.js';
import * as testing from './index.js';

// A user's `import { … } from '@depthkit/core'` must not offer vitest spies, numpy runners or
// fault writers: test helpers live in @depthkit/core/testing only.
describe('@depthkit/core/testing', () => {
  it('shares no export with the main entry', () => {
    const helpers = Object.keys(testing);
    expect(helpers.length).toBeGreaterThan(10);
    expect(helpers.filter((name) => name in main)).toEqual([]);
  });
});
