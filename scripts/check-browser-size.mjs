// Fails when `truecaller-web-login/browser` outgrows its budget: 2 kB (2,048 bytes) after esbuild bundles and
// minifies the entry (as a page's bundler would) and gzip compresses it. Also fails when the bundle imports
// anything: the entry must stay dependency-free. Run: npm run size:browser
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET_BYTES = 2048;
const ENTRY = 'src/browser/index.ts';

const result = await build({
  entryPoints: [ENTRY],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  write: false,
  metafile: true,
  logLevel: 'silent',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).byteLength;
const output = Object.values(result.metafile.outputs)[0];
const inputs = Object.keys(result.metafile.inputs);

console.log(`${ENTRY}: ${code.byteLength} B minified, ${gzipped} B min+gzip (budget ${BUDGET_BYTES} B)`);
const problems = [];
if (gzipped > BUDGET_BYTES) problems.push(`over budget by ${gzipped - BUDGET_BYTES} B`);
if (output.imports.length > 0) problems.push(`imports ${output.imports.map((i) => i.path).join(', ')}`);
const foreign = inputs.filter((path) => !path.startsWith('src/browser/') && path !== 'src/routes/wire.ts');
if (foreign.length > 0) problems.push(`bundles code from outside src/browser: ${foreign.join(', ')}`);
if (problems.length > 0) {
  console.error(`size:browser failed: ${problems.join('; ')}`);
  process.exit(1);
}
