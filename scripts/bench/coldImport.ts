// Cold import of the built root entry, in fresh processes: the SDK's own share, i.e. the time to import
// `dist/index.js` (or `require` `dist/index.cjs`) after its dependencies are already loaded in that process.
// ESM and CJS runs are interleaved; each figure is the median of many runs with its spread. The platform's own
// lazy parts (Node loads its fetch implementation, undici, on first touch of `fetch`/`Request`/`Response`: some
// 30-50 ms here) are touched first, in the dependencies' share: every HTTP client pays them, and in the ESM
// build ky (loaded before the SDK) would touch them anyway.
//
// The CJS build carries its own copy of ky (ky is ESM-only), so the raw CJS figure counts ky's load as the SDK's.
// The goal is about the SDK's share beyond its dependencies, so the bench also builds that same ky as a CJS file
// (esbuild, as tsup bundles it, into a temp dir) and times requiring it in its own fresh processes, interleaved
// with the others: "beyond ky" is the raw CJS figure minus ky's, paired within each round. The CJS goal is judged
// on that figure; the raw one is reported beside it.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

type Kind = 'esm' | 'cjs' | 'ky';

function probe(kind: Kind, kyFile: string): Probe {
  const file = kind === 'ky' ? kyFile : `${process.cwd()}/dist/index.${kind === 'esm' ? 'js' : 'cjs'}`;
  const args =
    kind === 'esm' ? ['--input-type=module', '-e', ESM_PROBE, file] : ['--input-type=commonjs', '-e', CJS_PROBE, file];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: process.cwd(), encoding: 'utf8' }));
}

/**
 * ky as the CJS build carries it: the same imports (`ky`, `HTTPError`, `TimeoutError`), bundled by esbuild (what
 * tsup runs) for the same target, as one CommonJS file in a temp dir. Returns its path and a cleanup.
 */
function buildKyAsCjs(): { file: string; bytes: number; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tc-bench-ky-'));
  const entry = join(dir, 'entry.mjs');
  writeFileSync(entry, "export { default, HTTPError, TimeoutError } from 'ky';\n");
  // esbuild comes with tsup; resolved from the project, so the bench needs no dependency of its own.
  const esbuild = createRequire(join(process.cwd(), 'package.json'))('esbuild') as typeof import('esbuild');
  const file = join(dir, 'ky.cjs');
  esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'es2022',
    outfile: file,
    nodePaths: [join(process.cwd(), 'node_modules')],
    logLevel: 'silent',
  });
  return { file, bytes: statSync(file).size, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Needs `npm run build` first (the bench builds when `dist/` is missing). */
export function benchColdImport(report: Report, runs = 41): void {
  if (!existsSync('dist/index.js') || !existsSync('dist/index.cjs')) {
    console.log('building dist/ for the cold-import figures (npm run build)…');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const ky = buildKyAsCjs();
  try {
    const samples: Record<Kind, Probe[]> = { esm: [], cjs: [], ky: [] };
    const kinds: Kind[] = ['esm', 'cjs', 'ky'];
    for (const kind of kinds) probe(kind, ky.file); // warm the file cache
    for (let run = 0; run < runs; run++) {
      // Rotate the order so no kind always runs first (or right after another).
      for (let index = 0; index < kinds.length; index++) {
        const kind = kinds[(index + run) % kinds.length] as Kind;
        samples[kind].push(probe(kind, ky.file));
      }
    }
    const of = (kind: Kind, field: keyof Probe) =>
      formatValue(
        samples[kind].map((sample) => sample[field]),
        2,
      );
    const beyondKy = (field: 'own' | 'ownCpu') =>
      formatValue(
        samples.cjs.map((sample, run) => sample[field] - (samples.ky[run] as Probe)[field]),
        2,
      );
    report(
      `cold import, ESM dist/index.js, SDK's own share, wall ms (${runs} processes)  [goal <= 5]`,
      of('esm', 'own'),
    );
    report("cold import, ESM dist/index.js, SDK's own share, CPU ms", of('esm', 'ownCpu'));
    report('  its dependencies first (ky, valibot, libphonenumber-js/mobile), wall ms', of('esm', 'deps'));
    report("cold require, CJS dist/index.cjs, SDK's own share beyond ky, wall ms  [goal <= 10]", beyondKy('own'));
    report("cold require, CJS dist/index.cjs, SDK's own share beyond ky, CPU ms", beyondKy('ownCpu'));
    report('  raw: CJS dist/index.cjs (its bundled ky counted as its own), wall ms', of('cjs', 'own'));
    report('  raw: CJS dist/index.cjs (its bundled ky counted as its own), CPU ms', of('cjs', 'ownCpu'));
    report(
      `  ky alone as the CJS build bundles it (esbuild, ${(ky.bytes / 1024).toFixed(1)} KiB), wall ms`,
      of('ky', 'own'),
    );
    report('  ky alone as the CJS build bundles it, CPU ms', of('ky', 'ownCpu'));
    report('  its dependencies first (valibot, libphonenumber-js/mobile), wall ms', of('cjs', 'deps'));
  } finally {
    ky.remove();
  }
}
