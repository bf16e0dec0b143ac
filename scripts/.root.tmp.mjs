import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const r = await build({
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  metafile: true,
  logLevel: 'silent',
  stdin: { contents: "export * from './src/index.ts';", resolveDir: process.cwd(), loader: 'ts' },
});
console.log('gzip', gzipSync(r.outputFiles[0].contents).length);
const out = Object.values(r.metafile.outputs)[0];
const by = {};
for (const [k, v] of Object.entries(out.inputs)) {
  const d = k.startsWith('node_modules') ? k.split('/').slice(0, 3).join('/') : k.split('/').slice(0, 2).join('/');
  by[d] = (by[d] ?? 0) + v.bytesInOutput;
}
console.log(Object.entries(by).sort((a, b) => b[1] - a[1]));
