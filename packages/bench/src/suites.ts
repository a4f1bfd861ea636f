import { ciSyntheticSize, kittiSpec, nyuSpec, type DatasetSpec, type ProtocolName } from '@depthkit/core';

/** One of the bench's evaluation suites: which dataset, split, protocol and small preset. */
export interface BenchSuite {
  name: 'kitti' | 'nyu';
  dataset: DatasetSpec;
  /** The preset each method trains when no checkpoint is given. */
  preset: string;
  /** The canonical test split of the dataset spec. */
  split: string;
  protocol: ProtocolName;
  /** Environment variable naming the real dataset's root. */
  env: string;
  /** The synthetic stand-in: frame counts and [width, height] (NYU's reader takes 640×480 only). */
  synthetic: { train: number; test: number; size: [number, number] };
}

export const benchSuites: Record<BenchSuite['name'], BenchSuite> = {
  kitti: {
    name: 'kitti',
    dataset: kittiSpec,
    preset: 'tiny',
    split: 'eigen',
    protocol: 'kitti-garg',
    env: 'DEPTHKIT_KITTI',
    synthetic: { train: 96, test: 24, size: ciSyntheticSize(kittiSpec) },
  },
  nyu: {
    name: 'nyu',
    dataset: nyuSpec,
    preset: 'tiny-nyu',
    split: 'nyu_test',
    protocol: 'nyu',
    env: 'DEPTHKIT_NYU',
    synthetic: { train: 96, test: 24, size: ciSyntheticSize(nyuSpec) },
  },
};

export function benchSuite(name: string): BenchSuite {
  const suite = (benchSuites as Record<string, BenchSuite>)[name];
  if (!suite) throw new Error(`bench: unknown suite '${name}'; expected one of ${Object.keys(benchSuites).join(', ')}`);
  return suite;
}
