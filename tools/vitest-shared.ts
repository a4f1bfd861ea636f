import { createRequire } from 'node:module';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

type UserConfig = ViteUserConfig;

const requireFromRoot = createRequire(import.meta.url);

/**
 * Vite resolves a package's `module` (ESM) build, while tfjs's backends `require` the CJS build
 * of tfjs-core: two copies, two kernel/gradient registries, and "gradient function not found".
 * Pinning every tfjs package to the file Node itself resolves keeps one copy, as in production.
 */
function tfjsAliases(): Record<string, string> {
  const packages = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm'];
  return Object.fromEntries(packages.map((name) => [name, requireFromRoot.resolve(name)]));
}

/** The vitest config every depthkit package uses: tests run on sources, one tfjs copy. */
export function depthkitVitestConfig(overrides: UserConfig['test'] = {}): UserConfig {
  return defineConfig({
    resolve: { conditions: ['@depthkit/source'], alias: tfjsAliases() },
    ssr: { resolve: { conditions: ['@depthkit/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      pool: 'forks',
      // nx runs several packages' tests at once on 2 cores: a learning test that takes 45 s
      // alone can take three times that in CI. A timeout is a hang detector, not a speed check.
      testTimeout: 600_000,
      hookTimeout: 600_000,
      ...overrides,
    },
  });
}
