// Runs the built files the way users load them: `import` for ESM, `require` for CJS. tsc, vitest, publint
// and attw can all pass while a built file fails at run time (the CJS build of ESM-only ky did exactly that),
// so this script performs a real sign-in through each build against a hand-written fetch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const runtime = globalThis.Bun
  ? `bun ${globalThis.Bun.version}`
  : globalThis.Deno
    ? `deno ${globalThis.Deno.version.deno}`
    : `node ${process.version}`;
console.log(`smoke test on ${runtime}`);

const builds = {
  esm: await import('../dist/index.js'),
  cjs: require('../dist/index.cjs'),
};
const redisBuilds = {
  esm: await import('../dist/redis/index.js'),
  cjs: require('../dist/redis/index.cjs'),
};

function fakeTruecaller() {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') {
      assert.equal(request.headers.get('appKey'), 'smoke-key');
      assert.deepEqual(await request.json(), { phoneNumber: 46761234567, state: 'smoke-state' });
      return Response.json({ requestId: 'smoke-request' });
    }
    assert.equal(request.headers.get('authorization'), 'Bearer smoke-token');
    return Response.json({ phoneNumbers: [46761234567], name: { first: 'Smoke', last: 'Test' } });
  };
}

for (const [format, sdk] of Object.entries(builds)) {
  const client = new sdk.TruecallerClient({ appKey: 'smoke-key', fetch: fakeTruecaller() });
  const { requestId } = await client.requestAuthorization({ phoneNumber: '+46761234567', state: 'smoke-state' });
  await client.handleCallback({ requestId, accessToken: 'smoke-token', state: 'smoke-state' });
  const result = await client.completeSignIn(requestId, { state: 'smoke-state' });
  assert.equal(result.status, 'completed');
  assert.equal(result.profile.name.first, 'Smoke');

  const forbidden = new sdk.TruecallerClient({
    appKey: 'smoke-key',
    tracker: false,
    fetch: async () => Response.json({ code: 1008, message: 'Forbidden' }, { status: 403 }),
  });
  await assert.rejects(forbidden.requestAuthorization({ phoneNumber: '+46761234567' }), (error) => {
    assert.ok(error instanceof sdk.ForbiddenError);
    assert.equal(error.apiCode, 1008);
    return true;
  });
  assert.equal(typeof redisBuilds[format].RedisTracker, 'function');
  console.log(`dist ${format}: sign-in completed, errors mapped`);
}

// Errors from one copy are recognised by the other (a dual package can be loaded twice).
const fromCjs = new builds.cjs.ForbiddenError();
assert.ok(fromCjs instanceof builds.esm.ForbiddenError);
assert.ok(builds.esm.isTruecallerError(fromCjs));
assert.ok(!(fromCjs instanceof builds.esm.ServerError));

// The PostgreSQL entry loads both ways and talks to a pg-shaped client: one parameterized statement per call.
const postgresBuilds = {
  esm: await import('../dist/postgres/index.js'),
  cjs: require('../dist/postgres/index.cjs'),
};
for (const [format, { PostgresTracker }] of Object.entries(postgresBuilds)) {
  const statements = [];
  const client = {
    query: async (text, values) => {
      statements.push({ text, values });
      return { rows: [] };
    },
  };
  const tracker = new PostgresTracker({ client, table: 'smoke_sign_ins' });
  assert.equal(await tracker.get('smoke-request'), undefined);
  assert.deepEqual(statements.at(-1)?.values, ['smoke-request']);
  assert.match(PostgresTracker.schema(), /CREATE TABLE IF NOT EXISTS "truecaller_sign_ins"/);
  console.log(`dist ${format}: postgres entry loads and runs a statement`);
}

const testing = await import('../dist/testing/index.js');
assert.equal(typeof testing.describeTrackerConformance, 'function');
console.log("dist: ESM and CJS copies recognise each other's errors; testing entry loads");

// The simulator entry: a whole sign-in through each build against `simulator.fetch`, the start call over a real
// loopback server (`listen()`, where the runtime may listen: Deno needs --allow-net) and msw handlers (msw is
// installed here).
const canListen =
  globalThis.Deno?.permissions.querySync({ name: 'net', host: '127.0.0.1' }).state !== 'denied' &&
  globalThis.Deno?.permissions.querySync({ name: 'net', host: '127.0.0.1' }).state !== 'prompt';
const simulatorBuilds = {
  esm: await import('../dist/simulator/index.js'),
  cjs: require('../dist/simulator/index.cjs'),
};
for (const [format, { TruecallerSimulator }] of Object.entries(simulatorBuilds)) {
  const sdk = builds[format];
  const client = new sdk.TruecallerClient({
    appKey: 'smoke-key',
    fetch: (input, init) => simulator.fetch(input, init),
  });
  const simulator = new TruecallerSimulator({ appKey: 'smoke-key', onCallback: (body) => client.handleCallback(body) });
  const { requestId } = await client.requestAuthorization({ phoneNumber: '+46761234567', state: 'smoke-state' });
  await simulator.settled();
  assert.equal((await client.completeSignIn(requestId, { state: 'smoke-state' })).status, 'completed');
  const done = ['sign-in completed in-process'];

  if (canListen) {
    const truecaller = await simulator.listen();
    const overHttp = new sdk.TruecallerClient({
      appKey: 'smoke-key',
      requestsUrl: truecaller.requestsUrl,
      tracker: false,
    });
    assert.equal(typeof (await overHttp.requestAuthorization({ phoneNumber: '+46701234567' })).requestId, 'string');
    await truecaller.close();
    done.push('start call over listen()');
  }
  // Deno can load msw too, but importing msw (2.15) keeps a Deno process from ever exiting.
  if (globalThis.Deno === undefined) {
    assert.ok(simulator.handlers.length > 0);
    done.push('msw handlers built');
  }
  console.log(`dist simulator ${format}: ${done.join(', ')}`);
}

// Without msw installed: the simulator entry still loads (ESM and CJS) and works; only `handlers` says what is
// missing. A scratch project holds the built package and valibot, and nothing else. (Node and Bun: it runs the
// runtime's own binary on a script.)
if (globalThis.Deno === undefined) {
  const scratch = mkdtempSync(join(tmpdir(), 'simulator-without-msw-'));
  try {
    const installed = join(scratch, 'node_modules', 'truecaller-web-login');
    mkdirSync(installed, { recursive: true });
    cpSync(resolve('package.json'), join(installed, 'package.json'));
    cpSync(resolve('dist'), join(installed, 'dist'), { recursive: true });
    symlinkSync(resolve('node_modules/valibot'), join(scratch, 'node_modules', 'valibot'), 'dir');
    const check = `
      const start = await simulator.fetch('https://api4.truecaller.com/v1/apps/requests', {
        method: 'POST', headers: { appKey: 'k' }, body: '{"phoneNumber":46761234567}',
      });
      if (start.status !== 200) throw new Error('start call answered ' + start.status);
      let message = '';
      try { simulator.handlers; } catch (error) { message = error.message; }
      if (!message.includes('npm install -D msw')) throw new Error('handlers did not explain: ' + message);
      try { require.resolve('msw'); throw new Error('msw is resolvable in the scratch project'); } catch (error) {
        if (error.code !== 'MODULE_NOT_FOUND') throw error;
      }
      console.log('ok');`;
    const esm = `import { createRequire } from 'node:module';
      import { TruecallerSimulator } from 'truecaller-web-login/simulator';
      const require = createRequire(import.meta.url);
      const simulator = new TruecallerSimulator({ appKey: 'k' });${check}`;
    const cjs = `(async () => {
      const { TruecallerSimulator } = require('truecaller-web-login/simulator');
      const simulator = new TruecallerSimulator({ appKey: 'k' });${check}
    })().catch((error) => { console.error(error); process.exit(1); });`;
    for (const [format, args] of [
      ['esm', ['--input-type=module', '-e', esm]],
      ['cjs', ['--input-type=commonjs', '-e', cjs]],
    ]) {
      const output = execFileSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' });
      assert.equal(output.trim(), 'ok');
      console.log(
        `dist simulator ${format}: loads and answers without msw installed; handlers explains what is missing`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
