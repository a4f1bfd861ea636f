import { describe, expect, it } from 'vitest';
import { materials } from './materials.js';
import { Box, Rect } from './primitives.js';
import { renderScene } from './ray-cast.js';
import type { Scene } from './scene.js';

const intrinsics = { fx: 100, fy: 90, cx: 31.5, cy: 11.25 };
const scene = (primitives: Scene['primitives']): Scene => ({
  primitives, light: [0, -1, 0], ambient: 0.4, fogDistance: 200, fogColour: [0.8, 0.8, 0.8], seed: 1,
});

describe('ray-caster', () => {
  it('gives depth = fy·h / (v − cy) on a flat road at camera height h, whatever the yaw, and sky above the horizon', () => {
    const h = 1.65;
    const road = new Rect(1, 0, [-1e6, 0, -1e6], [1e6, 0, 1e6], 'road');
    for (const yaw of [0, 0.3]) {
      const out = renderScene(scene([road]), { width: 64, height: 40, intrinsics, origin: [0, -h, 0], yaw, pitch: 0 });
      for (let row = 0; row < 40; row++) {
        for (let col = 0; col < 64; col += 7) {
          const depth = out.depth[row * 64 + col];
          if (row > intrinsics.cy) expect(depth).toBeCloseTo((intrinsics.fy * h) / (row - intrinsics.cy), 3);
          else {
            expect(depth).toBe(Infinity);
            expect(materials[out.material[row * 64 + col]]).toBe('sky');
          }
        }
      }
    }
  });

  it('lets the nearest hit win, and records its instance', () => {
    const far = new Box([-5, -5, 20], [5, 5, 21], 'building', 0);
    const near = new Box([-1, -1, 5], [1, 1, 6], 'car', 7);
    const out = renderScene(scene([far, near]), { width: 64, height: 40, intrinsics, origin: [0, 0, 0], yaw: 0, pitch: 0 });
    const centre = 11 * 64 + 31;
    expect(out.depth[centre]).toBeCloseTo(5, 6);
    expect(materials[out.material[centre]]).toBe('car');
    expect(out.instance[centre]).toBe(7);
    expect(out.depth[11 * 64 + 10]).toBeCloseTo(20, 6);
    expect(out.instance[11 * 64 + 10]).toBe(0);
  });

  it('shades: a surface facing the light is brighter than one facing away', () => {
    const floor = new Rect(1, 0, [-50, 0, 0], [50, 0, 50], 'wall');
    const lit = renderScene(scene([floor]), { width: 8, height: 8, intrinsics: { fx: 8, fy: 8, cx: 3.5, cy: 0 }, origin: [0, -1, 0], yaw: 0, pitch: 0 });
    const dark = renderScene({ ...scene([floor]), light: [0, 1, 0] }, { width: 8, height: 8, intrinsics: { fx: 8, fy: 8, cx: 3.5, cy: 0 }, origin: [0, -1, 0], yaw: 0, pitch: 0 });
    const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(lit.rgb)).toBeGreaterThan(sum(dark.rgb) * 1.3);
  });
});
