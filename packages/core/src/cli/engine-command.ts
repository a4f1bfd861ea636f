import { Command } from 'commander';
import { initEngine, type EngineName } from '../engine/engine.js';
import { engineOption } from './engine-option.js';

export function engineCommand(): Command {
  return new Command('engine')
    .description('choose the compute engine as every command does, and report the choice')
    .addOption(engineOption())
    .option('--json', 'print the full report as JSON')
    .action(async (opts: { engine?: EngineName; json?: boolean }) => {
      const report = await initEngine({ engine: opts.engine, log: opts.json ? false : undefined });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      for (const attempt of report.attempts) {
        process.stdout.write(`${attempt.ok ? 'chosen ' : 'skipped'}  ${attempt.engine.padEnd(15)} ${attempt.detail}\n`);
      }
      process.stdout.write(`kernels added by depthkit on '${report.backend}': ${report.kernels.join(', ') || 'none'}\n`);
    });
}
