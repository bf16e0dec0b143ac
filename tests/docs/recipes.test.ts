// Each recipe in docs/recipes/ shows its example files verbatim, so what a reader copies is what CI type-checks
// (and, for node:http, Express, Fastify and Hono, runs end to end).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLE_BLOCK, RECIPES_DIR } from '../../scripts/sync-recipes.js';

const recipes = readdirSync(RECIPES_DIR).filter((name) => name.endsWith('.md') && name !== 'README.md');

function blocksOf(name: string): { file: string; code: string }[] {
  const markdown = readFileSync(join(RECIPES_DIR, name), 'utf8');
  return [...markdown.matchAll(EXAMPLE_BLOCK)].map((match) => ({ file: match[1] ?? '', code: match[2] ?? '' }));
}

describe.each(recipes)('docs/recipes/%s', (name) => {
  test('shows its example files exactly as they are (npm run docs:recipes copies them)', () => {
    const blocks = blocksOf(name);

    expect(blocks.length).toBeGreaterThan(0);
    for (const { file, code } of blocks) expect(code, file).toBe(`${readFileSync(file, 'utf8').replace(/\n+$/, '')}\n`);
  });
});

test('every framework example is shown by a recipe', () => {
  const shown = new Set(recipes.flatMap((name) => blocksOf(name).map((block) => block.file)));
  const examples = ['express', 'fastify', 'hono', 'nextjs', 'node-http'].flatMap((dir) =>
    readdirSync(join('examples', dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join('examples', dir, file)),
  );

  expect(examples.filter((file) => !shown.has(file))).toEqual([]);
});
