import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const contents = process.argv[2] ?? "export { TruecallerClient, parseCallback } from './src/index.ts';";
const r = await build({
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'silent',
  stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
  external: ['libphonenumber-js', 'libphonenumber-js/*'],
});
const out = Object.values(r.metafile.outputs)[0];
console.log('gzip', gzipSync(r.outputFiles[0].contents).length);
const rows = Object.entries(out.inputs)
  .map(([k, v]) => [v.bytesInOutput, k])
  .sort((a, b) => b[0] - a[0]);
const by = {};
for (const [b, k] of rows) {
  const d = k.startsWith('node_modules') ? k.split('/').slice(0, 2).join('/') : k.split('/').slice(0, 2).join('/');
  by[d] = (by[d] ?? 0) + b;
}
console.log(by);
for (const [b, k] of rows.slice(0, 60)) console.log(b, k);
