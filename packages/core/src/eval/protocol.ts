import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import type { CropSpec, DatasetSpec } from '../datasets/spec.js';
import { synthiaSpec } from '../datasets/synthia-spec.js';

/**
 * An evaluation protocol: a dataset's caps and depth encoding plus one of its mask crops (or
 * none). Every number here is read from a dataset spec; nothing is restated.
 */
export interface EvalProtocol {
  name: ProtocolName;
  dataset: DatasetSpec;
  /** Name of the dataset crop, or null for the whole image. */
  cropName: string | null;
  crop: CropSpec | null;
  /** Valid GT is strictly inside (minDepth, maxDepth); predictions are clamped to it. */
  minDepth: number;
  maxDepth: number;
  /** Stored PNG value ÷ depthScale = metres. */
  depthScale: number;
}

const table = {
  'kitti-garg': { spec: kittiSpec, crop: 'garg' },
  'kitti-eigen': { spec: kittiSpec, crop: 'eigen' },
  'kitti-none': { spec: kittiSpec, crop: null },
  nyu: { spec: nyuSpec, crop: 'eigen' },
  'nyu-none': { spec: nyuSpec, crop: null },
  // Held-out SYNTHIA frames (segment-depth's Table 1): the whole frame within the spec's caps.
  synthia: { spec: synthiaSpec, crop: 'full' },
} as const satisfies Record<string, { spec: DatasetSpec; crop: string | null }>;

export type ProtocolName = keyof typeof table;
export const protocolNames = Object.keys(table) as ProtocolName[];

export function parseProtocolName(value: string, source: string): ProtocolName {
  if ((protocolNames as string[]).includes(value)) return value as ProtocolName;
  throw new Error(`${source}: unknown protocol '${value}'; expected one of ${protocolNames.join(', ')}`);
}

export function getProtocol(name: ProtocolName): EvalProtocol {
  const entry = table[name];
  if (entry === undefined) throw new Error(`unknown protocol '${name}'; expected one of ${protocolNames.join(', ')}`);
  const spec: DatasetSpec = entry.spec;
  const crop = entry.crop === null ? null : spec.crops[entry.crop];
  if (entry.crop !== null && crop === undefined) {
    throw new Error(`protocol '${name}': dataset '${spec.name}' has no crop '${entry.crop}'`);
  }
  return {
    name,
    dataset: spec,
    cropName: entry.crop,
    crop: crop ?? null,
    minDepth: spec.minDepth,
    maxDepth: spec.maxDepth,
    depthScale: spec.depthScale,
  };
}

/** The protocol a command uses for a dataset when none is given: the spec's default crop. */
export function defaultProtocolName(spec: DatasetSpec): ProtocolName {
  const name = protocolNames.find((n) => table[n].spec.name === spec.name && table[n].crop === spec.defaultCrop);
  if (name === undefined) throw new Error(`no evaluation protocol uses dataset '${spec.name}' with its default crop '${spec.defaultCrop}'`);
  return name;
}

/** The dataset's KB crop, for `--kb-crop`; an error naming the dataset when it has none. */
export function kbCropOf(protocol: EvalProtocol): { height: number; width: number } {
  const kb = Object.values(protocol.dataset.crops).find((c) => c.kind === 'kb');
  if (kb === undefined || kb.kind !== 'kb') {
    throw new Error(`protocol '${protocol.name}': dataset '${protocol.dataset.name}' defines no KB crop`);
  }
  return { height: kb.height, width: kb.width };
}
