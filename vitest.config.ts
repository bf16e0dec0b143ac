import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and examples import the package by its public name, as users do; here it resolves to src/.
    alias: [
      { find: /^truecaller-web-login\/redis$/, replacement: source('redis/index.ts') },
      { find: /^truecaller-web-login\/postgres$/, replacement: source('postgres/index.ts') },
      { find: /^truecaller-web-login\/testing$/, replacement: source('testing/index.ts') },
      { find: /^truecaller-web-login\/better-auth$/, replacement: source('better-auth/index.ts') },
      { find: /^truecaller-web-login\/better-auth\/client$/, replacement: source('better-auth/client/index.ts') },
      { find: /^truecaller-web-login\/browser$/, replacement: source('browser/index.ts') },
      { find: /^truecaller-web-login\/node$/, replacement: source('node/index.ts') },
      { find: /^truecaller-web-login\/simulator$/, replacement: source('simulator/index.ts') },
      { find: /^truecaller-web-login$/, replacement: source('index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Type tests (*.test-d.ts) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tests/tsconfig.json' },
    coverage: {
      include: ['src/**/*.ts'],
      // Type-only modules and re-export lists have no statements to run.
      exclude: ['src/**/index.ts', 'src/lifecycle/types.ts'],
      reporter: ['text-summary', 'text'],
    },
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
