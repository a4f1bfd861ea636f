import { cameraRotation, type SynthCamera } from './camera.js';
import { albedo, isLaneMarking, materials, type Material } from './materials.js';
import type { Primitive } from './primitives.js';
import type { Scene } from './scene.js';
import { screenRect, type ScreenRect } from './screen-bounds.js';
import { fbm } from './value-noise.js';

/** One rendered view: every map row-major, width × height. */
export interface Rendering {
  width: number;
  height: number;
  /** Camera z in metres; Infinity where the ray hit nothing (sky). */
  depth: Float32Array;
  /** 8-bit sRGB, interleaved. */
  rgb: Uint8Array;
  /** Index into `materials` per pixel. */
  material: Uint8Array;
  /** Object id per pixel, 0 for stuff and sky. */
  instance: Uint16Array;
}

const materialIndex = new Map<Material, number>(materials.map((m, i) => [m, i]));
const SKY = materialIndex.get('sky') ?? 0;
const LANE = materialIndex.get('lane-marking') ?? 0;

/** Nearest of the candidate primitives whose screen columns include `col`, or -1; `hit[0]` receives its t. */
function nearest(
  primitives: Primitive[],
  candidates: Int32Array,
  count: number,
  rects: ScreenRect[],
  col: number,
  ox: number,
  oy: number,
  oz: number,
  dx: number,
  dy: number,
  dz: number,
  hit: Float64Array,
): number {
  let best = -1;
  let tBest = Infinity;
  for (let k = 0; k < count; k++) {
    const i = candidates[k];
    const rect = rects[i];
    if (col < rect[0] || col > rect[1]) continue;
    const t = primitives[i].intersect(ox, oy, oz, dx, dy, dz, tBest);
    if (t < tBest) {
      tBest = t;
      best = i;
    }
  }
  hit[0] = tBest;
  return best;
}

function skyColour(scene: Scene, dx: number, dy: number, dz: number, out: number[]): void {
  const length = Math.hypot(dx, dy, dz);
  const up = Math.max(0, -dy / length);
  const cloud = Math.max(0, fbm(scene.seed, (dx / length) * 6, up * 12, (dz / length) * 6) - 0.5) * 1.6;
  out[0] = 0.75 - 0.35 * up + cloud * 0.25;
  out[1] = 0.83 - 0.23 * up + cloud * 0.17;
  out[2] = 0.95 - 0.05 * up + cloud * 0.05;
}

function toByte(linear: number): number {
  return Math.round(255 * Math.sqrt(Math.min(1, Math.max(0, linear))));
}

/**
 * Casts one ray per pixel centre against every primitive; the nearest hit gives depth, material,
 * instance and a Lambert-shaded, textured, fogged colour. Plain loops: ~20 primitives per pixel.
 */
export function renderScene(scene: Scene, camera: SynthCamera): Rendering {
  const { width, height } = camera;
  const { fx, fy, cx, cy } = camera.intrinsics;
  const [ox, oy, oz] = camera.origin;
  const R = cameraRotation(camera.yaw, camera.pitch);
  const out: Rendering = {
    width,
    height,
    depth: new Float32Array(width * height),
    rgb: new Uint8Array(width * height * 3),
    material: new Uint8Array(width * height),
    instance: new Uint16Array(width * height),
  };
  const hit = new Float64Array(1);
  const normal = new Float64Array(3);
  const colour: [number, number, number] = [0, 0, 0];
  const sky = [0, 0, 0];
  const [lx, ly, lz] = scene.light;
  const rects = scene.primitives.map((p) => screenRect(p, camera));
  const candidates = new Int32Array(scene.primitives.length);
  for (let row = 0; row < height; row++) {
    const yc = (row - cy) / fy;
    let count = 0;
    for (let i = 0; i < rects.length; i++) if (row >= rects[i][2] && row <= rects[i][3]) candidates[count++] = i;
    for (let col = 0; col < width; col++) {
      const xc = (col - cx) / fx;
      // Camera-frame direction (xc, yc, 1) rotated to the world; its z stays 1 in camera terms, so t = depth.
      const dx = R[0] * xc + R[1] * yc + R[2];
      const dy = R[3] * xc + R[4] * yc + R[5];
      const dz = R[6] * xc + R[7] * yc + R[8];
      const p = row * width + col;
      const index = nearest(scene.primitives, candidates, count, rects, col, ox, oy, oz, dx, dy, dz, hit);
      if (index < 0) {
        out.depth[p] = Infinity;
        out.material[p] = SKY;
        skyColour(scene, dx, dy, dz, sky);
        for (let c = 0; c < 3; c++) out.rgb[p * 3 + c] = toByte(sky[c]);
        continue;
      }
      const t = hit[0];
      const prim = scene.primitives[index];
      const px = ox + t * dx;
      const py = oy + t * dy;
      const pz = oz + t * dz;
      let material = prim.material;
      if (material === 'road' && scene.roadHalfWidth != null && isLaneMarking(px, pz, scene.roadHalfWidth)) material = 'lane-marking';
      out.depth[p] = t;
      out.material[p] = material === 'lane-marking' ? LANE : (materialIndex.get(material) ?? SKY);
      out.instance[p] = prim.instance;
      prim.normal(px, py, pz, dx, dy, dz, normal);
      const facing = normal[0] * dx + normal[1] * dy + normal[2] * dz > 0 ? -1 : 1;
      const nx = facing * normal[0];
      const ny = facing * normal[1];
      const nz = facing * normal[2];
      // Texture coordinates in the surface: height (−y) is v on walls, z on the ground.
      const ax = Math.abs(nx);
      const ay = Math.abs(ny);
      const az = Math.abs(nz);
      if (ay >= ax && ay >= az) albedo(material, prim.tint, prim.seed, px, pz, py, colour);
      else if (ax >= az) albedo(material, prim.tint, prim.seed, pz, -py, px, colour);
      else albedo(material, prim.tint, prim.seed, px, -py, pz, colour);
      const lambert = Math.max(0, nx * lx + ny * ly + nz * lz);
      const light = scene.ambient + (1 - scene.ambient) * lambert;
      const fog = 1 - Math.exp((-t * Math.hypot(dx, dy, dz)) / scene.fogDistance);
      for (let c = 0; c < 3; c++) {
        out.rgb[p * 3 + c] = toByte(colour[c] * light * (1 - fog) + scene.fogColour[c] * fog);
      }
    }
  }
  return out;
}
