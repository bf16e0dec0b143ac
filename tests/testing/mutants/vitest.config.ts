import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../../vitest.config.js';

// Runs only the mutant trackers through the conformance suite, with the project's aliases.
export default defineConfig({
  ...(base.resolve === undefined ? {} : { resolve: base.resolve }),
  test: {
    root: fileURLToPath(new URL('../../..', import.meta.url)),
    include: ['tests/testing/mutants/*.conformance.ts'],
    environment: 'node',
    testTimeout: 15_000,
  },
});
