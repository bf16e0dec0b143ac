// The README is what npm users read, on npmjs.com and in node_modules, where the repository's other files are
// not: every link must be absolute (or an anchor of the README itself), and point at a file that exists.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const REPOSITORY = 'https://github.com/truecaller-web-login/truecaller-web-login';
const readme = readFileSync('README.md', 'utf8');
const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/\s/g, '-');
}

describe('the README', () => {
  test('links only to absolute URLs or its own headings', () => {
    const relative = links.filter((link) => !/^https:\/\//.test(link) && !link.startsWith('#'));

    expect(relative).toEqual([]);
  });

  test('links to headings it has', () => {
    const headings = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((match) => slug(match[1] ?? '')));

    for (const anchor of links.filter((link) => link.startsWith('#'))) expect(headings).toContain(anchor.slice(1));
  });

  test('links to files of the repository that exist', () => {
    const files = links
      .filter((link) => link.startsWith(`${REPOSITORY}/blob/main/`) || link.startsWith(`${REPOSITORY}/tree/main/`))
      .map((link) => link.replace(/^.*\/(?:blob|tree)\/main\//, '').replace(/#.*$/, ''));

    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  test('names the same repository as package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
    };

    expect(pkg.repository.url).toBe(`git+${REPOSITORY}.git`);
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
    expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
    for (const link of links.filter((l) => l.startsWith('https://github.com/')))
      expect(link.startsWith(REPOSITORY)).toBe(true);
  });
});
