import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  target: 'es2022',
  sourcemap: true,
  clean: false,
  // tsup 8's dts step passes `baseUrl`, which TypeScript 6 deprecates (TS5101) unless told otherwise.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
};

const nodeEntry: Options = {
  ...shared,
  entry: { 'node/index': 'src/node/index.ts' },
  dts: { compilerOptions: { ignoreDeprecations: '6.0', types: ['node'] } },
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
    // The page's half: ESM only, no dependencies, web APIs only (2 kB budget checked by `npm run check:size`).
    entry: { 'browser/index': 'src/browser/index.ts' },
    format: ['esm'],
    platform: 'browser',
  },
  // The Node adapters (`./node`): the one entry compiled with Node's types.
  { ...nodeEntry, format: ['esm'] },
  // @remix-run/node-fetch-server is ESM-only: the CJS build carries its own copy (as ky's above).
  { ...nodeEntry, format: ['cjs'], noExternal: ['@remix-run/node-fetch-server'] },
  {
    ...shared,
    // The Better Auth plugin and its client plugin: ESM only, like better-auth itself. They import the SDK and the
    // /browser helpers by the package's own name, so users get one copy of each class (no second TruecallerClient).
    entry: {
      'better-auth/index': 'src/better-auth/index.ts',
      'better-auth/client/index': 'src/better-auth/client/index.ts',
    },
    format: ['esm'],
    external: ['truecaller-web-login', 'truecaller-web-login/browser', /^better-auth(\/|$)/],
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
