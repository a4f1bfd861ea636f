import { describe, expect, it } from 'vitest';
import { trapInterrupts } from './interrupt.js';

describe('trapInterrupts', () => {
  it('the first SIGTERM aborts the signal (the run saves and stops); the second exits at once with 143', () => {
    const listeners = () => process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const before = listeners();
    const printed: string[] = [];
    const exits: number[] = [];
    const trap = trapInterrupts({ print: (line) => printed.push(line), exit: ((code: number) => { exits.push(code); }) as (code: number) => never });
    try {
      expect(trap.signal.aborted).toBe(false);
      process.emit('SIGTERM');
      expect([trap.signal.aborted, trap.signal.reason, trap.received()]).toEqual([true, 'SIGTERM', 'SIGTERM']);
      expect(exits).toEqual([]);
      process.emit('SIGINT');
      expect(exits).toEqual([130]);
      process.emit('SIGTERM');
      expect(exits).toEqual([130, 143]);
      expect(printed[0]).toMatch(/^\nSIGTERM: finishing the current step and writing the checkpoint/);
      expect(printed[1]).toBe('\nSIGINT again: quitting now without a new checkpoint; the last complete one stays');
    } finally {
      trap.release();
    }
    expect(listeners()).toBe(before);
  });
});
