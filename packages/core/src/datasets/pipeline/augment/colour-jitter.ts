import type { RgbImage } from '../../../io/image-types.js';
import { uniform } from '../prng.js';
import type { Augmentation, Augmented } from './augmentation.js';

export interface PhotometricParams {
  gamma: number;
  brightness: number;
  /** Per-channel R, G, B factors. */
  colour: readonly [number, number, number];
}

export interface ColourJitterOptions {
  /** Chance the whole jitter is applied (BTS: 0.5). */
  probability: number;
  gamma?: readonly [number, number];
  brightness?: readonly [number, number];
  /** Range of the independent per-channel factors. */
  colour?: readonly [number, number];
}

/**
 * BTS's augment_image on [0, 1] values — x^gamma · brightness · colour[c], clipped to [0, 1] —
 * done as one 256-entry table per channel on the uint8 image. The result is rounded back to
 * 8 bits (BTS keeps float32); the difference is under half a grey level.
 */
export function photometricTables(p: PhotometricParams): Uint8Array[] {
  return p.colour.map((c) => {
    const table = new Uint8Array(256);
    for (let v = 0; v < 256; v++) {
      const x = Math.min(1, (v / 255) ** p.gamma * p.brightness * c);
      table[v] = Math.round(x * 255);
    }
    return table;
  });
}

/** Only RGB changes: depth and maps are not touched by any photometric step. */
export function adjustColours(image: RgbImage, p: PhotometricParams): RgbImage {
  const [r, g, b] = photometricTables(p);
  const out = new Uint8Array(image.data.length);
  const src = image.data;
  for (let i = 0; i < src.length; i += 3) {
    out[i] = r[src[i]];
    out[i + 1] = g[src[i + 1]];
    out[i + 2] = b[src[i + 2]];
  }
  return { ...image, data: out };
}

/** Gamma, brightness and per-channel colour, drawn together, applied together with `probability`. */
export function colourJitter(options: ColourJitterOptions): Augmentation {
  const unit: readonly [number, number] = [1, 1];
  return {
    name: 'colourJitter',
    recipe: { factory: 'colourJitter', args: [options] },
    apply(sample, random): Augmented {
      if (!(random() < options.probability)) return { sample, params: { applied: false } };
      const p: PhotometricParams = {
        gamma: uniform(random, options.gamma ?? unit),
        brightness: uniform(random, options.brightness ?? unit),
        colour: [0, 1, 2].map(() => uniform(random, options.colour ?? unit)) as unknown as [number, number, number],
      };
      return { sample: { ...sample, rgb: adjustColours(sample.rgb, p) }, params: { applied: true, gamma: p.gamma, brightness: p.brightness, colour: p.colour } };
    },
  };
}
