// Cold import of the built root entry, in fresh processes: the SDK's own share, i.e. the time to import
// `dist/index.js` (or `require` `dist/index.cjs`) after its dependencies are already loaded in that process.
// ESM and CJS runs are interleaved; each figure is the median of many runs with its spread. The platform's own
// lazy parts (Node loads its fetch implementation, undici, on first touch of `fetch`/`Request`/`Response`: some
// 30-50 ms here) are touched first, in the dependencies' share: every HTTP client pays them, and in the ESM
// build ky (loaded before the SDK) would touch them anyway, while the CJS build carries ky inside the file.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { formatValue } from './stats.js';

type Report = (name: string, value: string) => void;

const ESM_PROBE = `
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const t0 = performance.now(), c0 = cpu();
void [fetch, Request, Response, Headers, AbortSignal, TextDecoder];
await import('ky'); await import('valibot'); await import('libphonenumber-js/mobile');
const t1 = performance.now(), c1 = cpu();
await import(process.argv[1]);
const t2 = performance.now(), c2 = cpu();
process.stdout.write(JSON.stringify({ deps: t1 - t0, own: t2 - t1, depsCpu: c1 - c0, ownCpu: c2 - c1 }));
`;

// The CJS build bundles its own copy of ky (ky is ESM-only), so ky is part of the CJS file's own share.
const CJS_PROBE = `
const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const t0 = performance.now(), c0 = cpu();
void [fetch, Request, Response, Headers, AbortSignal, TextDecoder];
require('valibot'); require('libphonenumber-js/mobile');
const t1 = performance.now(), c1 = cpu();
require(process.argv[1]);
const t2 = performance.now(), c2 = cpu();
process.stdout.write(JSON.stringify({ deps: t1 - t0, own: t2 - t1, depsCpu: c1 - c0, ownCpu: c2 - c1 }));
`;

interface Probe {
  deps: number;
  own: number;
  depsCpu: number;
  ownCpu: number;
}

function probe(kind: 'esm' | 'cjs'): Probe {
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
  const samples = { esm: [] as Probe[], cjs: [] as Probe[] };
  probe('esm'); // warm the file cache
  probe('cjs');
  for (let run = 0; run < runs; run++) {
    const order: ('esm' | 'cjs')[] = run % 2 === 0 ? ['esm', 'cjs'] : ['cjs', 'esm'];
    for (const kind of order) samples[kind].push(probe(kind));
  }
  const of = (kind: 'esm' | 'cjs', field: keyof Probe) =>
    formatValue(
      samples[kind].map((sample) => sample[field]),
      2,
    );
  report(`cold import, ESM dist/index.js, SDK's own share, wall ms (${runs} processes)`, of('esm', 'own'));
  report("cold import, ESM dist/index.js, SDK's own share, CPU ms", of('esm', 'ownCpu'));
  report('  its dependencies first (ky, valibot, libphonenumber-js/mobile), wall ms', of('esm', 'deps'));
  report("cold require, CJS dist/index.cjs (ky bundled in), SDK's own share, wall ms", of('cjs', 'own'));
  report("cold require, CJS dist/index.cjs (ky bundled in), SDK's own share, CPU ms", of('cjs', 'ownCpu'));
  report('  its dependencies first (valibot, libphonenumber-js/mobile), wall ms', of('cjs', 'deps'));
}
