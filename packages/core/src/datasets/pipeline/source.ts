import type { SourceSample } from './train-sample.js';

/**
 * An indexable list of samples: what the pipeline shuffles and batches. Any reader fits through
 * `readerSource`; reads may run concurrently and in any order.
 */
export interface SampleSource {
  readonly length: number;
  read(index: number): Promise<SourceSample>;
}

/**
 * A reader's entries as a source. Entries without ground truth make the read fail (a batch has
 * no hole to leave): drop them from the list first, e.g. with the readers' `samples(…, { skip })`
 * run once, or the split's GT column.
 */
export function readerSource<E>(entries: readonly E[], read: (entry: E) => Promise<SourceSample>): SampleSource {
  return {
    length: entries.length,
    read(index) {
      if (!(index >= 0 && index < entries.length)) throw new RangeError(`source: index ${index} outside 0..${entries.length - 1}`);
      return read(entries[index]);
    },
  };
}

/** Samples already in memory (tests, small synthetic sets). */
export function arraySource(samples: readonly SourceSample[]): SampleSource {
  return readerSource(samples, async (sample) => sample);
}
