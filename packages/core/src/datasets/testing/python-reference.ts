import { execFileSync, spawnSync } from 'node:child_process';

/**
 * Test-only: Debian's python3 with numpy and PIL, an independent reference for readers. Found
 * through `command -p` so a user's pyenv/venv without numpy does not shadow it.
 */
export const numpyPython: boolean = (() => {
  // CI installs the reference (tools/setup.sh): there a missing numpy must fail, not skip.
  if (process.env.CI === 'true') return true;
  const probe = spawnSync('sh', ['-c', 'command -p python3 -c "import numpy, PIL"'], { stdio: 'ignore' });
  return probe.status === 0;
})();

/** Runs a Python script (stdin) with arguments and returns its stdout. */
export function runPython(script: string, args: string[] = []): string {
  return execFileSync('sh', ['-c', 'command -p python3 - "$@"', 'python3', ...args], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}
