/** Thrown when a split entry has no GT file; iterators may skip these and count them instead. */
export class MissingGroundTruthError extends Error {
  constructor(
    readonly id: string,
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: no ground truth for '${id}' (${detail})`);
    this.name = 'MissingGroundTruthError';
  }
}

export interface SampleIterationOptions {
  /** `error` (default) stops at the first entry without GT; `skip` passes over it. */
  onMissingGroundTruth?: 'error' | 'skip';
  /** Receives each skipped entry, so the caller can report how many were left out and why. */
  skipped?: { id: string; file: string; reason: string }[];
}

/** Runs `read` over entries, skipping (and recording) those without GT when asked to. */
export async function* iterateSamples<E extends { id: string }, S>(
  entries: Iterable<E>,
  read: (entry: E) => Promise<S>,
  options: SampleIterationOptions = {},
): AsyncGenerator<S> {
  for (const entry of entries) {
    try {
      yield await read(entry);
    } catch (error) {
      if (!(error instanceof MissingGroundTruthError) || options.onMissingGroundTruth !== 'skip') throw error;
      options.skipped?.push({ id: error.id, file: error.file, reason: error.message });
    }
  }
}
