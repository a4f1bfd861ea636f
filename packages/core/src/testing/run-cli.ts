import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What a CLI run in a child process did. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The workspace root (where tsx and every package resolve), from this file's place in it. */
export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** tsx's loader by absolute URL: a child whose cwd is outside the workspace still finds it. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs a CLI entry written in TypeScript (`packages/<pkg>/scripts/cli.ts`, `packages/core/src/cli.ts`)
 * in a child process on the sources, as a user's shell would run the built bin: the exit code
 * and both streams, for asserting what a user sees.
 */
/** The node arguments that run a TypeScript CLI entry on the sources (for callers that need the child: signals, kill -9). */
export function cliNodeArgs(script: string, args: readonly string[]): string[] {
  return ['--conditions=@depthkit/source', '--import', tsxLoader, path.resolve(workspaceRoot, script), ...args];
}

export function runCliProcess(script: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliNodeArgs(script, args), {
      cwd: options.cwd ?? workspaceRoot,
      env: { ...process.env, DEPTHKIT_ENGINE: 'cpu', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 300_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
