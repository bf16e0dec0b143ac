// The page and its script. The script (page/main.ts, which imports `truecaller-web-login/browser` as a user's
// page would) is bundled by esbuild once at start-up: examples/tsconfig.json maps the package to src/, so the
// page always runs the current `/browser` entry.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface PageAssets {
  html: string;
  script: string;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export async function loadPageAssets(): Promise<PageAssets> {
  const [html, bundle] = await Promise.all([
    readFile(here('./page/index.html'), 'utf8'),
    build({
      entryPoints: [here('./page/main.ts')],
      tsconfig: here('../tsconfig.json'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    }),
  ]);
  return { html, script: bundle.outputFiles[0]?.text ?? '' };
}
