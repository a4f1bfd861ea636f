import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readDepthPng } from '../../io/depth-png.js';
import { readRgbImage } from '../../io/read-image.js';
import { MissingGroundTruthError, iterateSamples, type SampleIterationOptions } from '../missing-ground-truth.js';
import { assertSameSize, type DepthSample } from '../sample.js';
import type { Intrinsics } from '../spec.js';

const imageExtensions = new Set(['.png', '.jpg', '.jpeg']);

export interface FolderDatasetOptions {
  /** Folder of images (PNG / JPEG). */
  images: string;
  /** Optional folder of 16-bit depth PNGs named like the images (`a.jpg` ↔ `a.png`). */
  depth?: string;
  /** Stored value ÷ depthScale = metres (required with `depth`). */
  depthScale?: number;
  intrinsics?: Intrinsics;
}

export interface FolderEntry {
  /** File stem, shared by image and depth. */
  id: string;
  image: string;
  depth?: string;
}

/** A user's own data: every image in a folder, paired by stem with an optional depth folder. */
export class FolderDataset {
  constructor(readonly options: FolderDatasetOptions) {
    if (options.depth && !(options.depthScale && options.depthScale > 0)) {
      throw new Error(`${options.depth}: a depth folder needs depthScale (stored value ÷ depthScale = metres)`);
    }
  }

  /** Entries sorted by name; depth is attached when a same-stem PNG exists. */
  async entries(): Promise<FolderEntry[]> {
    const images = await listDir(this.options.images, 'image folder');
    const depthByStem = new Map<string, string>();
    if (this.options.depth) {
      for (const name of await listDir(this.options.depth, 'depth folder')) {
        if (extname(name).toLowerCase() === '.png') depthByStem.set(stem(name), join(this.options.depth, name));
      }
    }
    const seen = new Map<string, string>();
    const out: FolderEntry[] = [];
    for (const name of images.filter((n) => imageExtensions.has(extname(n).toLowerCase())).sort()) {
      const id = stem(name);
      const other = seen.get(id);
      if (other) throw new Error(`${join(this.options.images, name)}: same name as ${other}; the depth pairing would be ambiguous`);
      seen.set(id, join(this.options.images, name));
      const depth = depthByStem.get(id);
      out.push({ id, image: join(this.options.images, name), ...(depth ? { depth } : {}) });
    }
    if (out.length === 0) throw new Error(`${this.options.images}: no PNG or JPEG images found`);
    return out;
  }

  async read(entry: FolderEntry): Promise<DepthSample> {
    const rgb = await readRgbImage(entry.image);
    const sample: DepthSample = { id: entry.id, rgb, ...(this.options.intrinsics ? { intrinsics: this.options.intrinsics } : {}) };
    if (!this.options.depth) return sample;
    if (!entry.depth) {
      throw new MissingGroundTruthError(entry.id, join(this.options.depth, `${entry.id}.png`), 'no depth PNG with this name');
    }
    const depth = await readDepthPng(entry.depth, this.options.depthScale as number);
    assertSameSize(entry.image, rgb, entry.depth, depth);
    return { ...sample, depth };
  }

  samples(entries: Iterable<FolderEntry>, options?: SampleIterationOptions): AsyncGenerator<DepthSample> {
    return iterateSamples(entries, (entry) => this.read(entry), options);
  }
}

function stem(name: string): string {
  return name.slice(0, name.length - extname(name).length);
}

async function listDir(dir: string, what: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    throw new Error(`${dir}: missing ${what} (no such directory)`);
  }
}
