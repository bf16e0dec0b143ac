// Importing `truecaller-web-login/simulator` must work without msw (an optional peer) and on Workers (no node:*):
// msw is loaded only when `simulator.handlers` is read, node:http only inside `listen()`. This follows the
// runtime imports of the entry's source; `npm run smoke:dist` also loads the built files with msw absent.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ENTRY = fileURLToPath(new URL('../../src/simulator/index.ts', import.meta.url));

/** The bare specifiers (packages, node:*) the module graph from `entry` imports at run time. */
function runtimeImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(import|export)\s+(type\s)?[\s\S]*?\sfrom\s+'([^']+)';/gm)) {
      if (match[2] !== undefined) continue; // `import type` / `export type`: erased
      const specifier = match[3] ?? '';
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else bare.add(specifier);
    }
    for (const match of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) bare.add(match[1] ?? '');
  };
  visit(entry);
  return bare;
}

test('the simulator entry imports nothing at run time but valibot: no msw, no node:*', () => {
  expect([...runtimeImports(ENTRY)]).toEqual(['valibot']);
});
