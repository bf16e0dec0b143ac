// Cold import of the built root entry, in fresh processes: the SDK's own share, i.e. the time to import
// `dist/index.js` (or `require` `dist/index.cjs`) after its dependencies are already loaded in that process.
// ESM and CJS runs are interleaved; each figure is the median of many runs with its spread.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { formatValue } from './stats.js';

type Report = (name: string, value: string) => void;

const ESM_PROBE = `
const t0 = performance.now();
await import('ky'); await import('valibot'); await import('libphonenumber-js/mobile');
const t1 = performance.now();
await import(process.argv[1]);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ deps: t1 - t0, own: t2 - t1 }));
`;

// The CJS build bundles its own copy of ky (ky is ESM-only), so ky is part of the CJS file's own share.
const CJS_PROBE = `
const t0 = performance.now();
require('valibot'); require('libphonenumber-js/mobile');
const t1 = performance.now();
require(process.argv[1]);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ deps: t1 - t0, own: t2 - t1 }));
`;

function probe(kind: 'esm' | 'cjs'): { deps: number; own: number } {
  const file = `${process.cwd()}/dist/index.${kind === 'esm' ? 'js' : 'cjs'}`;
  const args =
    kind === 'esm' ? ['--input-type=module', '-e', ESM_PROBE, file] : ['--input-type=commonjs', '-e', CJS_PROBE, file];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' }));
}

/** Needs `npm run build` first (the bench builds when `dist/` is missing). */
export function benchColdImport(report: Report, runs = 41): void {
  if (!existsSync('dist/index.js') || !existsSync('dist/index.cjs')) {
    console.log('building dist/ for the cold-import figures (npm run build)…');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const esm: number[] = [];
  const cjs: number[] = [];
  const esmDeps: number[] = [];
  const cjsDeps: number[] = [];
  probe('esm'); // warm the file cache
  probe('cjs');
  for (let run = 0; run < runs; run++) {
    const order: ('esm' | 'cjs')[] = run % 2 === 0 ? ['esm', 'cjs'] : ['cjs', 'esm'];
    for (const kind of order) {
      const { deps, own } = probe(kind);
      (kind === 'esm' ? esm : cjs).push(own);
      (kind === 'esm' ? esmDeps : cjsDeps).push(deps);
    }
  }
  report(`cold import, ESM dist/index.js, SDK's own share, ms (${runs} processes)`, formatValue(esm, 2));
  report('  its dependencies (ky, valibot, libphonenumber-js/mobile), ms', formatValue(esmDeps, 2));
  report(`cold require, CJS dist/index.cjs (ky bundled in), SDK's own share, ms`, formatValue(cjs, 2));
  report('  its dependencies (valibot, libphonenumber-js/mobile), ms', formatValue(cjsDeps, 2));
}
