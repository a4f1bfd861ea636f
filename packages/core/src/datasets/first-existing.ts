import { access } from 'node:fs/promises';

/** The first of `candidates` that exists, or undefined: readers then name what they tried. */
export async function firstExisting(candidates: string[]): Promise<string | undefined> {
  for (const file of candidates) {
    try {
      await access(file);
      return file;
    } catch {
      // try the next
    }
  }
  return undefined;
}
