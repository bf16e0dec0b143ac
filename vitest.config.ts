import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Type tests (*.test-d.ts) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tests/tsconfig.json' },
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
