import { Command } from 'commander';
import { engineCommand } from './cli/engine-command.js';
import { evalCommand } from './cli/eval-command.js';
import { exportCommand } from './cli/export-command.js';
import { importWeightsCommand } from './cli/import-weights-command.js';
import { depthkitVersion } from './cli/package-version.js';
import { kittiCommand } from './cli/kitti-command.js';
import { synthCommand } from './cli/synth-command.js';

/** `depthkit`: the core CLI. Each subcommand lives in its own file under cli/. */
export function buildCli(): Command {
  return new Command('depthkit')
    .description('depthkit: monocular depth estimation on TensorFlow.js')
    .showHelpAfterError()
    .version(depthkitVersion(), '-V, --version')
    .addCommand(engineCommand())
    .addCommand(evalCommand())
    .addCommand(kittiCommand())
    .addCommand(synthCommand())
    .addCommand(importWeightsCommand())
    .addCommand(exportCommand());
}

buildCli()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`depthkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
