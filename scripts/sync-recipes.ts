// `npm run docs:recipes`: copies each example file into the recipe that shows it. A recipe marks a code block
// with `<!-- example: examples/….ts -->` on the line above it; the block becomes that file, verbatim.
// tests/docs/recipes.test.ts fails when a recipe and its example differ, and names this script.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A marker line, then a ```ts block, captured up to its closing fence. */
export const EXAMPLE_BLOCK = /^<!-- example: (\S+) -->\n```ts\n([\s\S]*?)^```$/gm;

export const RECIPES_DIR = 'docs/recipes';

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of readdirSync(RECIPES_DIR).filter((file) => file.endsWith('.md'))) {
    const path = join(RECIPES_DIR, name);
    const markdown = readFileSync(path, 'utf8');
    const synced = markdown.replace(EXAMPLE_BLOCK, (_, file: string) => {
      const code = readFileSync(file, 'utf8').replace(/\n+$/, '');
      return `<!-- example: ${file} -->\n\`\`\`ts\n${code}\n\`\`\``;
    });
    if (synced !== markdown) {
      writeFileSync(path, synced);
      console.log(`updated ${path}`);
    }
  }
}
