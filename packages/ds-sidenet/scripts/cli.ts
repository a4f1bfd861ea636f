import { createDsSidenetCli } from '../src/cli.js';

createDsSidenetCli().parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`ds-sidenet: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
