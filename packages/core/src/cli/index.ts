// The CLI face of @depthkit/core (`@depthkit/core/cli`): what a method package's `bin` script
// needs. Kept out of the library entries so importing depthkit never loads commander.
export { createMethodCli, runMethodCli } from '../method/method-cli.js';
