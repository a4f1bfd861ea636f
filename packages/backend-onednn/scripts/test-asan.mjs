// Runs a command (default: this package's vitest suite) against the AddressSanitizer build of
// the addon: builds it into build-sanitize/ (DEPTHKIT_ONEDNN_SANITIZE=address), then runs the
// command with gcc's libasan preloaded (Node itself is not instrumented, so the runtime must come
// first) and leak checking off (Node and V8 keep their allocations until exit by design).
//   node scripts/test-asan.mjs                      the whole backend-onednn suite
//   node scripts/test-asan.mjs -- npx vitest run src/addon.test.ts
//   node scripts/test-asan.mjs -- npx tsx --conditions=@depthkit/source ../../tools/perf/kernel-profile.ts --engine onednn ...
// An ASan report aborts the process with exit code 86 after printing the faulting stack.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, DEPTHKIT_ONEDNN_SANITIZE: 'address', DEPTHKIT_REQUIRE_ONEDNN: '1' };

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build-addon.mjs')], { cwd: root, env, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const libasan = spawnSync(process.env.CXX ?? 'c++', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim();
if (!libasan.startsWith('/')) {
  process.stderr.write(`test-asan: the compiler does not know libasan.so (found '${libasan}'); install gcc's libasan\n`);
  process.exit(1);
}
const dash = process.argv.indexOf('--');
const command = dash >= 0 ? process.argv.slice(dash + 1) : ['npx', 'vitest', 'run'];
const runEnv = {
  ...env,
  LD_PRELOAD: [libasan, process.env.LD_PRELOAD].filter(Boolean).join(':'),
  // new_delete_type_mismatch: V8 sizes some deletes itself; exitcode tells a report from a failed test.
  ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=0:new_delete_type_mismatch=0:exitcode=86:abort_on_error=0:allocator_may_return_null=1',
};
process.stdout.write(`test-asan: LD_PRELOAD=${runEnv.LD_PRELOAD} ASAN_OPTIONS=${runEnv.ASAN_OPTIONS} ${command.join(' ')}\n`);
const run = spawnSync(command[0], command.slice(1), { cwd: process.cwd(), env: runEnv, stdio: 'inherit' });
process.exit(run.status ?? 1);
