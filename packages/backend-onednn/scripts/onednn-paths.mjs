// Prints the compiler flags node-gyp needs to find oneDNN outside the system paths:
// `include` → include directories, `lib` → -L/-rpath flags. Looks at DNNL_ROOT, an active conda
// environment (conda-forge `onednn`) and Homebrew's prefixes (`brew install onednn`); Debian/Ubuntu's
// libdnnl-dev lives in the default paths and needs nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const candidates = [process.env.DNNL_ROOT, process.env.CONDA_PREFIX, '/opt/homebrew/opt/onednn', '/usr/local/opt/onednn']
  .filter((p) => p != null && p !== '');
const root = candidates.find((p) => existsSync(join(p, 'include', 'oneapi', 'dnnl', 'dnnl.hpp')));
const what = process.argv[2];
if (root == null) process.stdout.write('');
else if (what === 'include') process.stdout.write(join(root, 'include'));
else process.stdout.write(`-L${join(root, 'lib')} -Wl,-rpath,${join(root, 'lib')}`);
