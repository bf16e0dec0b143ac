// docs/browser.md shows the demo page's integration file as it is, and the screenshot it links exists.
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const guide = readFileSync('docs/browser.md', 'utf8');

test('docs/browser.md shows examples/serve/page/signIn.ts exactly as it is', () => {
  const blocks = [...guide.matchAll(/^<!-- example: (\S+) -->\n```typescript\n([\s\S]*?)^```$/gm)];

  expect(blocks.map((block) => block[1])).toEqual(['examples/serve/page/signIn.ts']);
  expect(blocks[0]?.[2]).toBe(readFileSync('examples/serve/page/signIn.ts', 'utf8').replace(/\n+$/, '\n'));
});

test('the screenshot docs/browser.md links is committed', () => {
  const images = [...guide.matchAll(/!\[[^\]]*\]\((images\/[^)]+)\)/g)].map((match) => match[1]);

  expect(images).toEqual(['images/demo-signed-in.png']);
  expect(existsSync(`docs/${images[0]}`)).toBe(true);
});
