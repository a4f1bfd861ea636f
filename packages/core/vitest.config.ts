import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@depthkit/source'] },
  ssr: { resolve: { conditions: ['@depthkit/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
