import { describe, expect, it } from 'vitest';
import { describeInterruptedRun, resumeCommand } from './interrupted-run.js';

describe('the resume command and message of an interrupted run', () => {
  it('repeats the command with --resume, without --overwrite / --force, quoting what a shell would split', () => {
    const argv = ['/usr/bin/node', '/x/node_modules/.bin/hma-depth', 'train', '--preset', 'tiny', '--out', 'my runs/a', '--overwrite'];
    expect(resumeCommand('hma-depth', argv, [])).toBe("hma-depth train --preset tiny --out 'my runs/a' --resume");
    const viaNode = ['/usr/bin/node', '/repo/packages/hma-depth/scripts/cli.ts', 'train', '--out', 'o', '--resume', '--force'];
    expect(resumeCommand('hma-depth', viaNode, ['--import', 'tsx'])).toBe('node --import tsx /repo/packages/hma-depth/scripts/cli.ts train --out o --resume');
  });

  it('says where the checkpoint is, exits 130 for SIGINT and 143 for SIGTERM, and says when there is nothing to resume', () => {
    const run = { signal: 'SIGTERM', step: 37, total: 100, resumedFrom: 0, checkpointDir: 'runs/a/checkpoints/last' };
    expect(describeInterruptedRun(run, 'cmd --resume')).toEqual({
      exitCode: 143,
      lines: ['interrupted by SIGTERM at step 37/100: checkpoint in runs/a/checkpoints/last', 'resume with: cmd --resume'],
    });
    expect(describeInterruptedRun({ ...run, signal: 'SIGINT', step: 0 }, 'cmd').exitCode).toBe(130);
    expect(describeInterruptedRun({ ...run, step: 0 }, 'cmd').lines).toEqual(['interrupted by SIGTERM before the first step finished: nothing to resume; run the same command again to start']);
  });
});
