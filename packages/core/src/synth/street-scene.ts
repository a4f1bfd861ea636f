import { Box, Cylinder, Ellipsoid, Rect, type Primitive } from './primitives.js';
import type { Rng } from './prng.js';
import type { Scene } from './scene.js';

/** A scene together with where its camera stands (world frame: y down, road surface at y = 0). */
export interface PlacedScene {
  scene: Scene;
  origin: [number, number, number];
  yaw: number;
  pitch: number;
}

export interface StreetOptions {
  /** Camera height above the road (KITTI's rig: about 1.65 m). */
  cameraHeight: number;
}

const KERB = 0.15;

type Tint = [number, number, number];

function tint(rng: Rng, spread: number): Tint {
  return [1 + rng.range(-spread, spread), 1 + rng.range(-spread, spread), 1 + rng.range(-spread, spread)];
}

function carColour(rng: Rng): Tint {
  const palette: Tint[] = [[1, 1, 1], [0.3, 0.3, 0.3], [1.4, 1.4, 1.4], [0.5, 3, 5], [1.5, 5, 7], [1.4, 1.4, 0.2], [0.5, 1.7, 1]];
  const c = rng.pick(palette);
  return [c[0] * rng.range(0.85, 1.15), c[1] * rng.range(0.85, 1.15), c[2] * rng.range(0.85, 1.15)];
}

/** A car: body and cabin boxes sharing one instance id; x is the car's centre, z its rear. */
function car(rng: Rng, x: number, z: number, instance: number): Primitive[] {
  const width = rng.range(1.6, 1.9);
  const length = rng.range(3.8, 4.8);
  const bodyTop = -rng.range(0.9, 1.1);
  const cabinTop = bodyTop - rng.range(0.45, 0.6);
  const colour = carColour(rng);
  const seed = rng.int(0, 1 << 30);
  return [
    new Box([x - width / 2, bodyTop, z], [x + width / 2, -0.12, z + length], 'car', instance, colour, seed),
    new Box([x - width / 2 + 0.1, cabinTop, z + length * 0.25], [x + width / 2 - 0.1, bodyTop, z + length * 0.75], 'car-glass', instance, [1, 1, 1], seed),
  ];
}

/** Building blocks along one side (side = ±1) from the sidewalk's outer edge outwards. */
function buildings(rng: Rng, side: number, inner: number, length: number): Primitive[] {
  const out: Primitive[] = [];
  let z = rng.range(-5, 5);
  while (z < length) {
    const extent = rng.range(8, 25);
    const height = rng.range(6, 25);
    const setback = rng.chance(0.3) ? rng.range(0.5, 3) : 0;
    const near = inner + setback;
    const far = near + rng.range(8, 15);
    const [x0, x1] = side > 0 ? [near, far] : [-far, -near];
    out.push(new Box([x0, -height, z], [x1, 0, z + extent], 'building', 0, tint(rng, 0.35), rng.int(0, 1 << 30)));
    z += extent + (rng.chance(0.25) ? rng.range(2, 8) : 0);
  }
  return out;
}

/**
 * A straight street: textured road with lane paint, raised sidewalks, façades, parked and moving
 * cars, poles with signs, trees, sky. Sizes are the usual street dimensions in metres.
 */
export function streetScene(rng: Rng, options: StreetOptions): PlacedScene {
  const halfRoad = rng.range(3.5, 7);
  const sidewalk = rng.range(2, 5);
  const length = rng.range(60, 160);
  const outer = halfRoad + sidewalk;
  const primitives: Primitive[] = [
    new Rect(1, 0, [-halfRoad, 0, -10], [halfRoad, 0, length], 'road', 0, tint(rng, 0.1), rng.int(0, 1 << 30)),
  ];
  for (const side of [-1, 1]) {
    const seed = rng.int(0, 1 << 30);
    const [x0, x1] = side > 0 ? [halfRoad, outer] : [-outer, -halfRoad];
    primitives.push(new Rect(1, -KERB, [x0, -KERB, -10], [x1, -KERB, length], 'sidewalk', 0, [1, 1, 1], seed));
    primitives.push(new Rect(0, side * halfRoad, [side * halfRoad, -KERB, -10], [side * halfRoad, 0, length], 'sidewalk', 0, [1, 1, 1], seed));
    primitives.push(...buildings(rng, side, outer, length));
  }
  // A block across the far end half of the time: real streets are often closed by a façade.
  if (rng.chance(0.5)) {
    primitives.push(new Box([-outer - 20, -rng.range(8, 30), length], [outer + 20, 0, length + 10], 'building', 0, tint(rng, 0.35), rng.int(0, 1 << 30)));
  }
  let instance = 1;
  const cars = rng.int(2, 7);
  for (let i = 0; i < cars; i++) {
    const parked = rng.chance(0.6);
    const side = rng.chance(0.5) ? 1 : -1;
    const x = parked ? side * (halfRoad - 1.1) : side * halfRoad * rng.range(0.3, 0.6);
    primitives.push(...car(rng, x, rng.range(4, Math.min(length - 5, 60)), instance++));
  }
  const poles = rng.int(1, 5);
  for (let i = 0; i < poles; i++) {
    const side = rng.chance(0.5) ? 1 : -1;
    const x = side * (halfRoad + 0.5);
    const z = rng.range(5, 50);
    const top = -rng.range(4, 8);
    primitives.push(new Cylinder(x, z, rng.range(0.06, 0.12), top, -KERB, 'pole', instance++, [1, 1, 1], rng.int(0, 1 << 30)));
    if (rng.chance(0.5)) {
      const y = top + rng.range(0.3, 1.5);
      primitives.push(new Box([x - 0.35, y, z - 0.13], [x + 0.35, y + 0.6, z - 0.1], 'traffic-sign', instance++, tint(rng, 0.2), 0));
    }
  }
  const trees = rng.int(0, 5);
  for (let i = 0; i < trees; i++) {
    const side = rng.chance(0.5) ? 1 : -1;
    const x = side * (halfRoad + rng.range(1, sidewalk));
    const z = rng.range(6, 60);
    const trunk = rng.range(2, 4);
    const crown = rng.range(1.2, 2.8);
    const seed = rng.int(0, 1 << 30);
    primitives.push(new Cylinder(x, z, rng.range(0.12, 0.25), -trunk - crown, -KERB, 'trunk', instance, [1, 1, 1], seed));
    primitives.push(new Ellipsoid([x, -trunk - crown, z], [crown, crown * rng.range(0.8, 1.3), crown], 'vegetation', instance++, tint(rng, 0.25), seed));
  }
  const elevation = rng.range(0.4, 1.1);
  const azimuth = rng.range(-Math.PI, Math.PI);
  const scene: Scene = {
    primitives,
    light: [Math.cos(elevation) * Math.sin(azimuth), -Math.sin(elevation), Math.cos(elevation) * Math.cos(azimuth)],
    ambient: rng.range(0.3, 0.45),
    fogDistance: rng.range(150, 400),
    fogColour: [0.75, 0.8, 0.88],
    roadHalfWidth: halfRoad,
    seed: rng.int(0, 1 << 30),
  };
  // Drive in a lane (right-hand traffic), looking down the street.
  const x = rng.range(0.2, 0.7) * halfRoad;
  return { scene, origin: [x, -options.cameraHeight, 0], yaw: rng.range(-0.05, 0.05), pitch: 0 };
}
