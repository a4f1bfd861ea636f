import type { Material } from './materials.js';
import { Box, Rect, type Primitive } from './primitives.js';
import type { Rng } from './prng.js';
import type { Scene } from './scene.js';
import type { PlacedScene } from './street-scene.js';

type Tint = [number, number, number];
type Vec3 = [number, number, number];

function tint(rng: Rng, spread: number): Tint {
  return [1 + rng.range(-spread, spread), 1 + rng.range(-spread, spread), 1 + rng.range(-spread, spread)];
}

interface Room {
  halfWidth: number;
  depth: number;
  height: number;
}

/** One piece of furniture: boxes sharing an instance id, standing on the floor with its footprint at (x, z). */
function furniture(rng: Rng, kind: Material, x: number, z: number, instance: number): Primitive[] {
  const colour = tint(rng, 0.3);
  const seed = rng.int(0, 1 << 30);
  const box = (min: Vec3, max: Vec3) => new Box(min, max, kind, instance, colour, seed);
  switch (kind) {
    case 'table': {
      const [w, d, h] = [rng.range(0.8, 1.8), rng.range(0.6, 1), rng.range(0.7, 0.8)];
      const leg = 0.05;
      const legs = [[x, z], [x + w - leg, z], [x, z + d - leg], [x + w - leg, z + d - leg]].map(([lx, lz]) => box([lx, -h + 0.04, lz], [lx + leg, 0, lz + leg]));
      return [box([x, -h, z], [x + w, -h + 0.04, z + d]), ...legs];
    }
    case 'bed': {
      const [w, d] = [rng.range(1.4, 1.9), rng.range(1.9, 2.1)];
      return [box([x, -0.55, z], [x + w, 0, z + d]), box([x, -1.1, z + d - 0.08], [x + w, 0, z + d])];
    }
    case 'sofa': {
      const [w, d] = [rng.range(1.6, 2.4), rng.range(0.8, 1)];
      return [box([x, -0.45, z], [x + w, 0, z + d]), box([x, -0.85, z + d - 0.2], [x + w, 0, z + d])];
    }
    default: {
      const [w, d, h] = [rng.range(0.5, 1.5), rng.range(0.4, 0.6), rng.range(0.8, 2)];
      return [box([x, -h, z], [x + w, 0, z + d])];
    }
  }
}

/** Floor, ceiling and four walls of a box room whose floor is y = 0, spanning x ∈ ±halfWidth, z ∈ [−1, depth]. */
function shell(rng: Rng, room: Room): Primitive[] {
  const { halfWidth: w, depth: d, height: h } = room;
  const wallTint = tint(rng, 0.2);
  const wallSeed = rng.int(0, 1 << 30);
  const wall = (axis: 0 | 2, at: number, min: Vec3, max: Vec3) => new Rect(axis, at, min, max, 'wall', 0, wallTint, wallSeed);
  return [
    new Rect(1, 0, [-w, 0, -1], [w, 0, d], 'floor', 0, tint(rng, 0.2), rng.int(0, 1 << 30)),
    new Rect(1, -h, [-w, -h, -1], [w, -h, d], 'ceiling', 0, [1, 1, 1], rng.int(0, 1 << 30)),
    wall(0, -w, [-w, -h, -1], [-w, 0, d]),
    wall(0, w, [w, -h, -1], [w, 0, d]),
    wall(2, d, [-w, -h, d], [w, 0, d]),
    wall(2, -1, [-w, -h, -1], [w, 0, -1]),
  ];
}

/**
 * An indoor room as NYU frames show them: walls, floor, ceiling, a door and pictures, furniture
 * against the walls and in the middle; a camera held at 1–1.6 m looking slightly down.
 * Rooms stay within NYU's depth cap so the whole frame has valid depth.
 */
export function roomScene(rng: Rng, maxDepth: number): PlacedScene {
  const room: Room = { halfWidth: rng.range(1.5, 3), depth: rng.range(3, Math.min(7.5, maxDepth - 2)), height: rng.range(2.4, 3) };
  const primitives = shell(rng, room);
  let instance = 1;
  // Door and pictures: thin boxes just proud of the back wall.
  const doorX = rng.range(-room.halfWidth + 0.2, room.halfWidth - 1.1);
  primitives.push(new Box([doorX, -2.05, room.depth - 0.03], [doorX + 0.9, 0, room.depth], 'door', instance++, tint(rng, 0.2), rng.int(0, 1 << 30)));
  const pictures = rng.int(0, 2);
  for (let i = 0; i < pictures; i++) {
    const side = rng.chance(0.5) ? 1 : -1;
    const z = rng.range(1, room.depth - 1.5);
    const y = -rng.range(1.3, 1.8);
    const x = side * room.halfWidth;
    primitives.push(new Box([x - 0.03, y - 0.5, z], [x + 0.03, y, z + 0.7], 'picture', instance++, tint(rng, 0.5), rng.int(0, 1 << 30)));
  }
  const pieces = rng.int(2, 5);
  for (let i = 0; i < pieces; i++) {
    const kind = rng.pick<Material>(['cabinet', 'table', 'bed', 'sofa', 'cabinet']);
    const x = rng.range(-room.halfWidth, room.halfWidth - 1.2);
    const z = rng.range(1.5, room.depth - 1);
    primitives.push(...furniture(rng, kind, x, z, instance++));
  }
  const scene: Scene = {
    primitives,
    light: normalise([rng.range(-0.4, 0.4), -1, rng.range(-0.4, 0.4)]),
    ambient: rng.range(0.4, 0.55),
    fogDistance: 40,
    fogColour: [0.5, 0.48, 0.45],
    seed: rng.int(0, 1 << 30),
  };
  const cameraHeight = rng.range(1, 1.6);
  return {
    scene,
    origin: [rng.range(-0.4, 0.4) * room.halfWidth, -cameraHeight, rng.range(-0.5, 0.3)],
    yaw: rng.range(-0.3, 0.3),
    pitch: rng.range(0, 0.25),
  };
}

function normalise(v: Vec3): Vec3 {
  const length = Math.hypot(...v);
  return [v[0] / length, v[1] / length, v[2] / length];
}
