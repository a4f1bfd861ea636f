/**
 * Analytic surfaces the ray-caster intersects. Rays are not normalised: with the camera-frame
 * direction's z fixed at 1, the ray parameter t *is* the camera depth, so no per-pixel division.
 * Every intersect returns the nearest t in (EPSILON, tMax), or Infinity.
 */
import type { Material } from './materials.js';

const EPSILON = 1e-6;

export interface SurfaceInfo {
  material: Material;
  /** Object id for the instance map; 0 for stuff (road, walls, sky). */
  instance: number;
  /** Per-object colour multiplier, so two cars of one material differ. */
  tint: readonly [number, number, number];
  /** Seeds the object's texture noise. */
  seed: number;
}

export interface Primitive extends SurfaceInfo {
  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number;
  /** World-space axis-aligned bounds, for screen-space culling. */
  bounds(): [Vec3, Vec3];
  /** Unit normal at a hit point, facing against the ray; written into out. */
  normal(px: number, py: number, pz: number, dx: number, dy: number, dz: number, out: Float64Array): void;
}

type Axis = 0 | 1 | 2;
type Vec3 = readonly [number, number, number];

/** A bounded piece of the plane `axis = at` (road, sidewalk, façade, floor, wall); min/max bound the other two axes. */
export class Rect implements Primitive {
  constructor(
    readonly axis: Axis,
    readonly at: number,
    readonly min: Vec3,
    readonly max: Vec3,
    readonly material: Material,
    readonly instance = 0,
    readonly tint: readonly [number, number, number] = [1, 1, 1],
    readonly seed = 0,
  ) {}

  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    const { min, max } = this;
    if (this.axis === 1) {
      if (dy === 0) return Infinity;
      const t = (this.at - oy) / dy;
      if (!(t > EPSILON && t < tMax)) return Infinity;
      const x = ox + t * dx;
      const z = oz + t * dz;
      return x < min[0] || x > max[0] || z < min[2] || z > max[2] ? Infinity : t;
    }
    if (this.axis === 0) {
      if (dx === 0) return Infinity;
      const t = (this.at - ox) / dx;
      if (!(t > EPSILON && t < tMax)) return Infinity;
      const y = oy + t * dy;
      const z = oz + t * dz;
      return y < min[1] || y > max[1] || z < min[2] || z > max[2] ? Infinity : t;
    }
    if (dz === 0) return Infinity;
    const t = (this.at - oz) / dz;
    if (!(t > EPSILON && t < tMax)) return Infinity;
    const x = ox + t * dx;
    const y = oy + t * dy;
    return x < min[0] || x > max[0] || y < min[1] || y > max[1] ? Infinity : t;
  }

  bounds(): [Vec3, Vec3] {
    const min = [...this.min] as [number, number, number];
    const max = [...this.max] as [number, number, number];
    min[this.axis] = max[this.axis] = this.at;
    return [min, max];
  }

  normal(_px: number, _py: number, _pz: number, dx: number, dy: number, dz: number, out: Float64Array): void {
    out.fill(0);
    out[this.axis] = (this.axis === 0 ? dx : this.axis === 1 ? dy : dz) > 0 ? -1 : 1;
  }
}

/** An axis-aligned box (car body, building block, furniture). */
export class Box implements Primitive {
  constructor(
    readonly min: Vec3,
    readonly max: Vec3,
    readonly material: Material,
    readonly instance = 0,
    readonly tint: readonly [number, number, number] = [1, 1, 1],
    readonly seed = 0,
  ) {}

  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    // Slabs unrolled per axis: this runs for every pixel and box, so no temporary arrays.
    let near = EPSILON;
    let far = tMax;
    const { min, max } = this;
    if (dx === 0) {
      if (ox < min[0] || ox > max[0]) return Infinity;
    } else {
      const t0 = (min[0] - ox) / dx;
      const t1 = (max[0] - ox) / dx;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
      if (near > far) return Infinity;
    }
    if (dy === 0) {
      if (oy < min[1] || oy > max[1]) return Infinity;
    } else {
      const t0 = (min[1] - oy) / dy;
      const t1 = (max[1] - oy) / dy;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
      if (near > far) return Infinity;
    }
    if (dz === 0) {
      if (oz < min[2] || oz > max[2]) return Infinity;
    } else {
      const t0 = (min[2] - oz) / dz;
      const t1 = (max[2] - oz) / dz;
      near = Math.max(near, Math.min(t0, t1));
      far = Math.min(far, Math.max(t0, t1));
      if (near > far) return Infinity;
    }
    // A ray starting inside would see the far wall; cameras never start inside, so that is a miss.
    return near > EPSILON ? near : Infinity;
  }

  bounds(): [Vec3, Vec3] {
    return [this.min, this.max];
  }

  normal(px: number, py: number, pz: number, _dx: number, _dy: number, _dz: number, out: Float64Array): void {
    // The face the point lies on is the bound it is closest to.
    const { min, max } = this;
    let best = Math.abs(px - min[0]);
    let axis = 0;
    let sign = -1;
    const faces = [Math.abs(px - max[0]), Math.abs(py - min[1]), Math.abs(py - max[1]), Math.abs(pz - min[2]), Math.abs(pz - max[2])];
    for (let f = 0; f < 5; f++) {
      if (faces[f] < best) {
        best = faces[f];
        axis = (f + 1) >> 1;
        sign = f % 2 === 0 ? 1 : -1;
      }
    }
    out[0] = out[1] = out[2] = 0;
    out[axis] = sign;
  }
}

/** A vertical cylinder (pole, trunk) between y0 < y1, side surface only: cameras never see its caps end-on. */
export class Cylinder implements Primitive {
  constructor(
    readonly cx: number,
    readonly cz: number,
    readonly radius: number,
    readonly y0: number,
    readonly y1: number,
    readonly material: Material,
    readonly instance = 0,
    readonly tint: readonly [number, number, number] = [1, 1, 1],
    readonly seed = 0,
  ) {}

  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    const fx = ox - this.cx;
    const fz = oz - this.cz;
    const a = dx * dx + dz * dz;
    if (a === 0) return Infinity;
    const b = fx * dx + fz * dz;
    const c = fx * fx + fz * fz - this.radius * this.radius;
    const disc = b * b - a * c;
    if (disc < 0) return Infinity;
    const root = Math.sqrt(disc);
    for (const t of [(-b - root) / a, (-b + root) / a]) {
      if (!(t > EPSILON && t < tMax)) continue;
      const y = oy + t * dy;
      if (y >= this.y0 && y <= this.y1) return t;
    }
    return Infinity;
  }

  bounds(): [Vec3, Vec3] {
    const r = this.radius;
    return [[this.cx - r, this.y0, this.cz - r], [this.cx + r, this.y1, this.cz + r]];
  }

  normal(px: number, _py: number, pz: number, _dx: number, _dy: number, _dz: number, out: Float64Array): void {
    out[0] = (px - this.cx) / this.radius;
    out[1] = 0;
    out[2] = (pz - this.cz) / this.radius;
  }
}

/** An axis-aligned ellipsoid (tree crown, bush). */
export class Ellipsoid implements Primitive {
  constructor(
    readonly centre: Vec3,
    readonly radii: Vec3,
    readonly material: Material,
    readonly instance = 0,
    readonly tint: readonly [number, number, number] = [1, 1, 1],
    readonly seed = 0,
  ) {}

  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number): number {
    // Scale space so the ellipsoid is the unit sphere; t is unchanged by the scaling.
    const [rx, ry, rz] = this.radii;
    const fx = (ox - this.centre[0]) / rx;
    const fy = (oy - this.centre[1]) / ry;
    const fz = (oz - this.centre[2]) / rz;
    const ex = dx / rx;
    const ey = dy / ry;
    const ez = dz / rz;
    const a = ex * ex + ey * ey + ez * ez;
    const b = fx * ex + fy * ey + fz * ez;
    const c = fx * fx + fy * fy + fz * fz - 1;
    const disc = b * b - a * c;
    if (disc < 0) return Infinity;
    const root = Math.sqrt(disc);
    const t0 = (-b - root) / a;
    if (t0 > EPSILON && t0 < tMax) return t0;
    const t1 = (-b + root) / a;
    return t1 > EPSILON && t1 < tMax ? t1 : Infinity;
  }

  bounds(): [Vec3, Vec3] {
    const [cx, cy, cz] = this.centre;
    const [rx, ry, rz] = this.radii;
    return [[cx - rx, cy - ry, cz - rz], [cx + rx, cy + ry, cz + rz]];
  }

  normal(px: number, py: number, pz: number, _dx: number, _dy: number, _dz: number, out: Float64Array): void {
    const [rx, ry, rz] = this.radii;
    const nx = (px - this.centre[0]) / (rx * rx);
    const ny = (py - this.centre[1]) / (ry * ry);
    const nz = (pz - this.centre[2]) / (rz * rz);
    const length = Math.hypot(nx, ny, nz) || 1;
    out[0] = nx / length;
    out[1] = ny / length;
    out[2] = nz / length;
  }
}
