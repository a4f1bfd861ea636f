import { hash4 } from './prng.js';

/** Lattice value in [0, 1) at integer coordinates, fixed by the seed. */
function lattice(seed: number, x: number, y: number, z: number): number {
  return hash4(seed, x, y, z) / 4294967296;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** Trilinear value noise in [0, 1): the cheapest texture that stays deterministic and tileless. */
export function valueNoise(seed: number, x: number, y: number, z: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const iz = Math.floor(z);
  const fx = smooth(x - ix);
  const fy = smooth(y - iy);
  const fz = smooth(z - iz);
  // Written out (no helper closures): this runs several times per pixel.
  const a00 = lattice(seed, ix, iy, iz);
  const a10 = lattice(seed, ix + 1, iy, iz);
  const a01 = lattice(seed, ix, iy + 1, iz);
  const a11 = lattice(seed, ix + 1, iy + 1, iz);
  const b00 = lattice(seed, ix, iy, iz + 1);
  const b10 = lattice(seed, ix + 1, iy, iz + 1);
  const b01 = lattice(seed, ix, iy + 1, iz + 1);
  const b11 = lattice(seed, ix + 1, iy + 1, iz + 1);
  const a0 = a00 + (a10 - a00) * fx;
  const a1 = a01 + (a11 - a01) * fx;
  const b0 = b00 + (b10 - b00) * fx;
  const b1 = b01 + (b11 - b01) * fx;
  const a = a0 + (a1 - a0) * fy;
  const b = b0 + (b1 - b0) * fy;
  return a + (b - a) * fz;
}

/** A few octaves of value noise, in [0, 1). */
export function fbm(seed: number, x: number, y: number, z: number, octaves = 3): number {
  let sum = 0;
  let weight = 0.5;
  let total = 0;
  let scale = 1;
  for (let o = 0; o < octaves; o++) {
    sum += weight * valueNoise(seed + o, x * scale, y * scale, z * scale);
    total += weight;
    weight *= 0.5;
    scale *= 2.03;
  }
  return sum / total;
}
