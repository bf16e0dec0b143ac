import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  target: 'es2022',
  sourcemap: true,
  clean: false,
  // tsup 8's dts step passes `baseUrl`, which TypeScript 6 deprecates (TS5101) unless told otherwise.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
};

export default defineConfig([
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'redis/index': 'src/redis/index.ts',
      'postgres/index': 'src/postgres/index.ts',
      'testing/index': 'src/testing/index.ts',
    },
    format: ['esm'],
  },
  {
    ...shared,
    // vitest cannot be required, so the conformance suite (`./testing`) ships as ESM only.
    entry: { index: 'src/index.ts', 'redis/index': 'src/redis/index.ts', 'postgres/index': 'src/postgres/index.ts' },
    format: ['cjs'],
    // ky is ESM-only: a CJS file that require()s it breaks at run time ("ky.default.create is not a function"),
    // so the CJS build carries its own copy. No ky class is ever exposed, so the copy is invisible to users.
    noExternal: ['ky'],
  },
  {
    ...shared,
    // The simulator, ESM and CJS. `shims` gives the CJS build the `import.meta.url` it loads msw from (lazily,
    // when `simulator.handlers` is read); msw stays external in both builds.
    entry: { 'simulator/index': 'src/simulator/index.ts' },
    format: ['esm', 'cjs'],
    shims: true,
    external: ['msw'],
  },
]);
