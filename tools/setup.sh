#!/usr/bin/env bash
# Sets up a fresh machine for depthkit: pnpm, the Debian packages the tests and benchmarks use
# (numpy, PIL, PyTorch and torchvision as independent references — never used at run time;
# Chromium for the report test; oneDNN and a C++ compiler for the onednn engine's addon), and
# the workspace's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION" --no-fund --no-audit >/dev/null
fi

debian_python=$(command -p -v python3 || true)
need_apt=()
[ -n "$debian_python" ] && "$debian_python" -c 'import numpy' 2>/dev/null || need_apt+=(python3-numpy)
[ -n "$debian_python" ] && "$debian_python" -c 'import PIL' 2>/dev/null || need_apt+=(python3-pil)
# Backbone and optimizer parity tests compare against torchvision / torch.optim.
[ -n "$debian_python" ] && "$debian_python" -c 'import torchvision' 2>/dev/null || need_apt+=(python3-torch python3-torchvision)
# The bench's report test opens report.html in headless Chromium (playwright-core drives it).
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# The onednn engine's addon (@depthkit/backend-onednn) builds against Debian's oneDNN with g++.
[ -f /usr/include/oneapi/dnnl/dnnl.hpp ] || need_apt+=(libdnnl-dev)
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need_apt+=(g++ make)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: please install Debian packages: ${need_apt[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=append-only

# The CLIs (`pnpm exec depthkit …`) run the built packages.
pnpm build --outputStyle=static >/dev/null
