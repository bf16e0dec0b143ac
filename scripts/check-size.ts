// `npm run check:size`: the bundle budgets, enforced. Each budget bundles what a user's bundler would ship
// (esbuild, minified, gzip) and fails the run when it is over. Also checks that the optional entries (simulator,
// node adapters, trackers, Better Auth) never leak into what the root entry pulls in.

import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';

interface Budget {
  name: string;
  /** What the bundle imports, as module source resolved from the repository root. */
  contents: string;
  /** Packages left out of the bundle (measured separately). */
  external?: string[];
  /** Most gzip bytes allowed. */
  limit: number;
  /** Skip (with a note) until this file exists: for entries other branches add. */
  requires?: string;
}

const KB = 1024;

const budgets: Budget[] = [
  {
    name: 'root entry, everything it exports, with libphonenumber-js',
    contents: "export * from './src/index.ts';",
    limit: 50 * KB,
  },
  {
    name: 'typical backend (TruecallerClient + parseCallback), without libphonenumber-js',
    contents: "export { TruecallerClient, parseCallback } from './src/index.ts';",
    external: ['libphonenumber-js', 'libphonenumber-js/*'],
    limit: 12 * KB,
  },
  {
    name: '/browser entry',
    contents: "export * from './src/browser/index.ts';",
    limit: 2 * KB,
    requires: 'src/browser/index.ts',
  },
];

/** Source folders of entries that must never be reachable from the root entry. */
const OPTIONAL_ENTRY_FOLDERS = ['src/simulator/', 'src/node/', 'src/redis/', 'src/postgres/', 'src/better-auth/'];

const common: BuildOptions = {
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'silent',
};

let failed = false;
const rows: string[] = [];

for (const budget of budgets) {
  if (budget.requires !== undefined && !existsSync(budget.requires)) {
    rows.push(`SKIP  ${budget.name}: ${budget.requires} does not exist yet`);
    continue;
  }
  const result = await build({
    ...common,
    stdin: { contents: budget.contents, resolveDir: process.cwd(), loader: 'ts' },
    external: budget.external ?? [],
  });
  const gzip = gzipSync(result.outputFiles?.[0]?.contents ?? new Uint8Array()).length;
  const ok = gzip <= budget.limit;
  failed ||= !ok;
  rows.push(
    `${ok ? 'ok  ' : 'OVER'}  ${budget.name}: ${(gzip / KB).toFixed(2)} kB of ${(budget.limit / KB).toFixed(0)} kB`,
  );
}

{
  const result = await build({
    ...common,
    stdin: { contents: "export * from './src/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
  });
  const inputs = Object.keys(result.metafile?.inputs ?? {});
  const leaked = inputs.filter((input) => OPTIONAL_ENTRY_FOLDERS.some((folder) => input.startsWith(folder)));
  failed ||= leaked.length > 0;
  rows.push(
    leaked.length === 0
      ? `ok    root entry pulls in none of ${OPTIONAL_ENTRY_FOLDERS.join(', ')}`
      : `LEAK  root entry pulls in: ${leaked.join(', ')}`,
  );
}

console.log(rows.join('\n'));
if (failed) {
  console.error('\ncheck:size failed: a bundle is over its budget or an optional entry leaked into the root entry.');
  process.exit(1);
}
