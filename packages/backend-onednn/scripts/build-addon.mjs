// Builds the oneDNN addon with node-gyp. Run by the package's `install` script (npm users) and
// by the workspace `build` target. It never fails an install: where oneDNN or a compiler is
// missing it exits 0 and records why in build/onednn-status.json, which the engine reports.
// With DEPTHKIT_REQUIRE_ONEDNN=1 (CI) a failed build fails the command instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
// DEPTHKIT_ONEDNN_SANITIZE=address (or undefined, or address,undefined) builds an instrumented
// copy of the addon into build-sanitize/ (see sanitizedProject); the normal build/ is untouched.
const sanitize = process.env.DEPTHKIT_ONEDNN_SANITIZE ?? '';
if (sanitize !== '' && !/^(address|undefined)(,(address|undefined))?$/.test(sanitize)) {
  process.stderr.write(`@depthkit/backend-onednn: DEPTHKIT_ONEDNN_SANITIZE must be address, undefined or address,undefined; found '${sanitize}'\n`);
  process.exit(1);
}
const root = sanitize === '' ? packageRoot : sanitizedProject(sanitize);
const statusAt = process.argv.indexOf('--status');
// Where the outcome is recorded (tests point it elsewhere so the real record stays).
const statusFile = statusAt >= 0 ? process.argv[statusAt + 1] : join(root, 'build', 'onednn-status.json');
const install = process.argv.includes('--install');
const required = process.env.DEPTHKIT_REQUIRE_ONEDNN === '1';
const howTo = 'apt-get install libdnnl-dev (Debian/Ubuntu), brew install onednn, or conda install -c conda-forge onednn; then pnpm rebuild @depthkit/backend-onednn';

/**
 * A gyp project in build-sanitize/ whose one target is binding.gyp's with its paths pointed back
 * at the package and -fsanitize flags added; node-gyp then builds into build-sanitize/build/.
 * The result only loads with the sanitizer runtime preloaded (LD_PRELOAD of gcc's libasan).
 */
function sanitizedProject(kinds) {
  const dir = join(packageRoot, 'build-sanitize');
  const gyp = JSON.parse(readFileSync(join(packageRoot, 'binding.gyp'), 'utf8'));
  const up = (text) => text.replaceAll('scripts/', '../scripts/');
  const flags = [`-fsanitize=${kinds}`, '-fno-omit-frame-pointer', '-g'];
  const target = gyp.targets[0];
  target.sources = target.sources.map((s) => `../${s}`);
  target.include_dirs = target.include_dirs.map(up);
  target.libraries = [...target.libraries.map(up), `-fsanitize=${kinds}`];
  // -O1 keeps stack traces readable; -O3 from binding.gyp would win if left in.
  target['cflags_cc'] = [...target['cflags_cc'].filter((f) => f !== '-O3'), '-O1', ...flags];
  target['cflags_cc!'] = [...target['cflags_cc!'], '-O3'];
  target.ldflags = [...(target.ldflags ?? []), `-fsanitize=${kinds}`];
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'binding.gyp'), `${JSON.stringify(gyp, null, 2)}\n`);
  return dir;
}

function record(status) {
  mkdirSync(dirname(statusFile), { recursive: true });
  writeFileSync(statusFile, `${JSON.stringify({ ...status, at: new Date().toISOString() }, null, 2)}\n`);
}

function giveUp(reason) {
  record({ ok: false, reason });
  process.stderr.write(`@depthkit/backend-onednn: native addon not built: ${reason}\n`);
  process.exit(required ? 1 : 0);
}

function onednnHeaders() {
  const roots = process.env.DEPTHKIT_ONEDNN_ROOTS != null
    ? process.env.DEPTHKIT_ONEDNN_ROOTS.split(':')
    : [process.env.DNNL_ROOT, process.env.CONDA_PREFIX, '/usr', '/usr/local', '/opt/homebrew/opt/onednn', '/usr/local/opt/onednn'];
  return roots.some((r) => r && existsSync(join(r, 'include', 'oneapi', 'dnnl', 'dnnl.hpp')));
}

function hasCompiler() {
  const cxx = process.env.CXX ?? 'c++';
  return spawnSync(cxx, ['--version'], { stdio: 'ignore' }).status === 0;
}

function nodeGyp() {
  try {
    return [process.execPath, createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js')];
  } catch {
    // npm and pnpm hand their bundled node-gyp to lifecycle scripts.
    if (process.env.npm_config_node_gyp) return [process.execPath, process.env.npm_config_node_gyp];
    return ['node-gyp'];
  }
}

try {
  if (!onednnHeaders()) giveUp(`oneDNN headers (oneapi/dnnl/dnnl.hpp) not found: ${howTo}`);
  if (!hasCompiler()) giveUp(`no C++ compiler (${process.env.CXX ?? 'c++'}) found: apt-get install g++ make (or xcode-select --install); then pnpm rebuild @depthkit/backend-onednn`);
  const env = { ...process.env };
  // Build against the headers of the Node that runs us when they are installed beside it
  // (Debian's nodejs, Homebrew's node): node-gyp then downloads nothing.
  const prefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = prefix;
  const incremental = !install && existsSync(join(root, 'build', 'config.gypi'));
  const [command, ...prefixArgs] = nodeGyp();
  const result = spawnSync(command, [...prefixArgs, incremental ? 'build' : 'rebuild', `--jobs=${process.env.DEPTHKIT_BUILD_JOBS ?? 2}`], {
    cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error != null) giveUp(`node-gyp could not run (${result.error.message}); install node-gyp, then pnpm rebuild @depthkit/backend-onednn`);
  if (result.status !== 0) {
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => /error/i.test(l)).slice(0, 5).join(' | ');
    giveUp(`node-gyp failed (exit ${result.status}): ${lines || 'see the build log'}. Is oneDNN ≥ 2.6 installed? ${howTo}`);
  }
  record({ ok: true });
} catch (error) {
  giveUp(error instanceof Error ? error.message : String(error));
}
