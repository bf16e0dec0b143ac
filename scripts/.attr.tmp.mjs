import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const contents = "export { TruecallerClient, parseCallback } from './src/index.ts';";
async function size(stubPattern) {
  const plugins = stubPattern
    ? [
        {
          name: 'stub',
          setup(b) {
            b.onLoad({ filter: stubPattern }, () => ({
              contents:
                'export default new Proxy({}, {}); ' +
                'const s = () => undefined; export { s as observeClient, s as createMobileWebLink, s as MemoryTracker, s as resolveOptions };',
              loader: 'js',
            }));
          },
        },
      ]
    : [];
  const r = await build({
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    external: ['libphonenumber-js', 'libphonenumber-js/*'],
    plugins,
  });
  return gzipSync(r.outputFiles[0].contents).length;
}
const base = await size();
console.log('total', base);
for (const [name, re] of [
  ['mobileweb', /src\/mobileweb\/createMobileWebLink\.ts$/],
  ['events', /src\/client\/events\.ts$/],
  ['MemoryTracker', /src\/trackers\/MemoryTracker\.ts$/],
]) {
  console.log(name, base - (await size(re)));
}
