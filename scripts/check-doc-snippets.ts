// `npm run check:docs`: type-checks every ```ts block in README.md and docs/*.md against the real API, so the
// documentation cannot drift from the code. Each block becomes a module: its imports stay at the top, the rest
// runs inside an async function (so `return` and `await` work as they would in a route handler), and names a
// snippet uses without defining (`client`, `request`, `sessionId`…) are declared once below. A block whose info
// string is `ts nocheck` is an outline, not code, and is skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const AMBIENT = `
import type {
  PendingRequestTracker as __Tracker,
  TruecallerClient as __Client,
  TruecallerProfile as __Profile,
  TruecallerRoutes as __Routes,
} from 'truecaller-web-login';
declare const appKey: string;
declare const sessionId: string;
declare const requestId: string;
declare const phoneNumber: string;
declare const body: unknown;
declare const request: Request;
declare const client: __Client;
declare const tracker: __Tracker;
declare const routes: __Routes;
declare function getCookie(request: Request, name: string): string | undefined;
declare function signIn(sessionId: string | undefined, phoneNumber: string, profile: __Profile): Promise<void>;
declare const log: { warn(...details: unknown[]): void };
declare function badRequest(message: string): Response;
declare function tooMany(retryAfterMs: number | undefined): Response;
declare function offerOtp(): Response;
`;

const sources = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name)),
];
const outDir = '.runtime/doc-snippets';
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

let count = 0;
for (const source of sources) {
  const markdown = readFileSync(source, 'utf8');
  let index = 0;
  for (const match of markdown.matchAll(/^```ts( nocheck)?\n([\s\S]*?)^```/gm)) {
    index++;
    if (match[1] !== undefined) continue;
    const lines = (match[2] ?? '').split('\n');
    const imports = lines.filter((line) => line.startsWith('import '));
    const code = lines.filter((line) => !line.startsWith('import '));
    const file = join(outDir, `${basename(source, '.md')}-${index}.ts`);
    writeFileSync(
      file,
      `// ${source}, block ${index}\n${imports.join('\n')}\n${AMBIENT}\nexport async function snippet() {\n${code.join('\n')}\n}\n`,
    );
    count++;
  }
}

writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tests/tsconfig.json',
    compilerOptions: { noUnusedLocals: false },
    include: ['./*.ts'],
  }),
);
try {
  execFileSync('npx', ['--no-install', 'tsc', '--noEmit', '-p', join(outDir, 'tsconfig.json')], { stdio: 'inherit' });
} catch {
  console.error(`\nA documented snippet does not compile (files in ${outDir}/ name their source).`);
  process.exit(1);
}
console.log(`${count} documentation snippets type-check against the current API.`);
