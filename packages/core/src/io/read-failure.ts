import { access } from 'node:fs/promises';

/** Fails with the file's name when it is absent, before a decoder reports it obscurely. */
export async function assertFileExists(file: string, what: string): Promise<void> {
  try {
    await access(file);
  } catch {
    throw new Error(`${file}: missing ${what} (no such file)`);
  }
}

/** Wraps a decoder's error so the message names the file and what it should have been. */
export function readFailure(file: string, what: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${file}: cannot read ${what}: ${message.split('\n')[0]}`, { cause: error });
}
