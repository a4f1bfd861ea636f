import { fbm, valueNoise } from './value-noise.js';

/** What a surface is made of: decides its texture and, through label-sets.ts, its class. */
export const materials = [
  'sky', 'road', 'lane-marking', 'sidewalk', 'building', 'car', 'car-glass', 'pole', 'traffic-sign',
  'vegetation', 'trunk', 'terrain', 'floor', 'wall', 'ceiling', 'cabinet', 'table', 'bed', 'sofa', 'door', 'picture',
] as const;
export type Material = (typeof materials)[number];

type Rgb = [number, number, number];

/** Base colours in linear-ish 0..1 RGB; per-object tints vary them. */
const base: Record<Material, Rgb> = {
  sky: [0.55, 0.7, 0.9],
  road: [0.3, 0.3, 0.32],
  'lane-marking': [0.9, 0.9, 0.85],
  sidewalk: [0.62, 0.6, 0.56],
  building: [0.7, 0.55, 0.45],
  car: [0.6, 0.1, 0.1],
  'car-glass': [0.12, 0.15, 0.2],
  pole: [0.5, 0.5, 0.52],
  'traffic-sign': [0.15, 0.3, 0.75],
  vegetation: [0.2, 0.45, 0.15],
  trunk: [0.35, 0.25, 0.15],
  terrain: [0.4, 0.5, 0.25],
  floor: [0.55, 0.4, 0.25],
  wall: [0.85, 0.82, 0.75],
  ceiling: [0.92, 0.92, 0.9],
  cabinet: [0.5, 0.35, 0.2],
  table: [0.45, 0.3, 0.18],
  bed: [0.7, 0.7, 0.8],
  sofa: [0.35, 0.4, 0.55],
  door: [0.6, 0.45, 0.3],
  picture: [0.3, 0.4, 0.35],
};

/** Returns 1 inside a line of `width` repeating every `period`, 0 elsewhere. */
function stripe(value: number, period: number, width: number): number {
  const m = value - Math.floor(value / period) * period;
  return m < width ? 1 : 0;
}

/**
 * Road paint is part of the road's texture, but SYNTHIA labels it separately; the road asks here
 * whether a point is painted. Dashed centre line at x = 0, solid edge lines.
 */
export function isLaneMarking(x: number, z: number, halfWidth: number): boolean {
  if (Math.abs(x) < 0.075 && stripe(z, 9, 3) === 1) return true;
  const edge = Math.abs(Math.abs(x) - (halfWidth - 0.3));
  return edge < 0.08;
}

/**
 * Surface colour at a hit point: base colour × object tint × a procedural pattern. (u, v) are the
 * two in-surface coordinates in metres; v is height on vertical surfaces.
 */
export function albedo(material: Material, tint: readonly number[], seed: number, u: number, v: number, w: number, out: Rgb): void {
  const b = base[material];
  let k = 1;
  let r = b[0];
  let g = b[1];
  let bl = b[2];
  switch (material) {
    case 'road':
      k = 0.75 + 0.5 * fbm(seed, u * 3, v * 3, 0);
      break;
    case 'sidewalk': {
      const grout = stripe(u + 0.02, 0.5, 0.04) || stripe(v + 0.02, 0.5, 0.04);
      k = (grout ? 0.6 : 1) * (0.85 + 0.3 * valueNoise(seed, u * 2, v * 2, 0));
      break;
    }
    case 'building': {
      // Windows on a 2.6 m × 3 m grid above the ground floor, bricks elsewhere.
      const inWindow = v > 2.5 && stripe(u, 2.6, 1.3) === 1 && stripe(v, 3, 1.6) === 1;
      if (inWindow) {
        r = 0.15;
        g = 0.2;
        bl = 0.28;
        k = 0.8 + 0.4 * valueNoise(seed, Math.floor(u / 2.6), Math.floor(v / 3), 1);
        break;
      }
      const row = Math.floor(v / 0.25);
      const mortar = stripe(v, 0.25, 0.03) || stripe(u + (row % 2) * 0.25, 0.5, 0.03);
      k = (mortar ? 0.75 : 1) * (0.85 + 0.3 * fbm(seed, u, v, 0, 2));
      break;
    }
    case 'car':
      k = 0.9 + 0.2 * valueNoise(seed, u * 2, v * 2, w * 2);
      break;
    case 'vegetation':
      k = 0.55 + 0.9 * fbm(seed, u * 4, v * 4, w * 4);
      break;
    case 'trunk':
      k = 0.8 + 0.4 * valueNoise(seed, u * 8, v * 1.5, w * 8);
      break;
    case 'terrain':
      k = 0.7 + 0.6 * fbm(seed, u * 2, v * 2, 0);
      break;
    case 'floor': {
      // Wooden planks 0.2 m wide along v.
      const plank = Math.floor(u / 0.2);
      k = (stripe(u, 0.2, 0.01) ? 0.5 : 1) * (0.75 + 0.3 * valueNoise(seed + plank, u * 0.5, v * 6, 0) + 0.1 * valueNoise(seed, plank, 0, 0));
      break;
    }
    case 'wall':
    case 'ceiling':
      k = 0.9 + 0.15 * fbm(seed, u * 2, v * 2, w * 2, 2);
      break;
    case 'cabinet':
    case 'table':
    case 'door':
      k = 0.75 + 0.35 * valueNoise(seed, u * 0.8, v * 10, w * 0.8);
      break;
    case 'bed':
    case 'sofa':
    case 'picture':
      k = 0.8 + 0.3 * fbm(seed, u * 6, v * 6, w * 6, 2);
      break;
    default:
      k = 0.95 + 0.1 * valueNoise(seed, u * 4, v * 4, w * 4);
  }
  out[0] = Math.min(1, r * tint[0] * k);
  out[1] = Math.min(1, g * tint[1] * k);
  out[2] = Math.min(1, bl * tint[2] * k);
}
