/** The signals a run stops on, and the exit code a shell expects after each (128 + number). */
export const stopSignals = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof stopSignals;

export interface InterruptTrap {
  /** Aborted (with the signal's name as reason) at the first SIGINT/SIGTERM: fit() finishes its step, saves and returns. */
  signal: AbortSignal;
  /** The first signal received, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (Node's default behaviour comes back). */
  release(): void;
}

export interface TrapOptions {
  /** Where the one-line notices go (default stderr). */
  print?: (line: string) => void;
  /** Called on the second signal instead of exiting (tests); default: exit at once with the code. */
  exit?: (code: number) => never;
}

/**
 * Ctrl-C or a scheduler's SIGTERM asks a run to stop cleanly: the first signal lets the current
 * step finish and the checkpoint be written; a second one exits at once. Exiting mid-write is
 * safe: a checkpoint is replaced atomically, so the last complete one stays.
 */
export function trapInterrupts(options: TrapOptions = {}): InterruptTrap {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  let first: StopSignal | undefined;
  const handler = (name: StopSignal) => {
    if (first === undefined) {
      first = name;
      print(`\n${name}: finishing the current step and writing the checkpoint; send it again to quit at once (the last complete checkpoint stays)`);
      controller.abort(name);
      return;
    }
    print(`\n${name} again: quitting now without a new checkpoint; the last complete one stays`);
    exit(stopSignals[name]);
  };
  const handlers = Object.keys(stopSignals).map((name) => {
    const listener = () => handler(name as StopSignal);
    process.on(name, listener);
    return { name, listener };
  });
  return {
    signal: controller.signal,
    received: () => first,
    release: () => {
      for (const { name, listener } of handlers) process.off(name, listener);
    },
  };
}
