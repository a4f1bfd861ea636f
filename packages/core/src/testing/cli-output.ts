import type { Command } from 'commander';
import { vi } from 'vitest';

/** Runs a commander command with `args` and returns what it printed on stdout (test-only). */
export async function runCommand(command: Command, args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await command.exitOverride().parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}
