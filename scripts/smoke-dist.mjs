// Runs the built files the way users load them: `import` for ESM, `require` for CJS. tsc, vitest, publint
// and attw can all pass while a built file fails at run time (the CJS build of ESM-only ky did exactly that),
// so this script performs a real sign-in through each build against a hand-written fetch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
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
const nodeBuilds = {
  esm: await import('../dist/node/index.js'),
  cjs: require('../dist/node/index.cjs'),
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
// ...by their brand, not by a code or name any other error could have.
const lookalike = Object.assign(new Error('x'), { name: 'ForbiddenError', code: 'forbidden' });
assert.ok(!builds.esm.isTruecallerError(lookalike) && !builds.cjs.isTruecallerError(lookalike));
assert.ok(!(lookalike instanceof builds.cjs.ForbiddenError));

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

// The routes over a real node:http server through each build of `./node` (the CJS one carries its own copy
// of the ESM-only @remix-run/node-fetch-server).
for (const [format, sdk] of Object.entries(builds)) {
  const client = new sdk.TruecallerClient({
    appKey: 'smoke-key',
    fetch: async () => Response.json({ requestId: 'smoke-request' }),
  });
  const routes = sdk.createTruecallerRoutes(client, { state: () => 'smoke-session' });
  const server = createServer(
    nodeBuilds[format].toNodeHandler((request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/start') return routes.start(request);
      if (pathname === '/callback') return routes.callback(request);
      return routes.status(request);
    }),
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const started = await fetch(`${base}/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumber: '+46761234567' }),
    });
    assert.equal(started.status, 200);
    const { requestId } = await started.json();
    const refused = await fetch(`${base}/callback`, { method: 'POST', body: '{"requestId":' });
    assert.equal(refused.status, 400);
    assert.equal((await refused.json()).error, 'invalid_callback');
    assert.equal(sdk.errorResponse(new sdk.TrackerError('get')).status, 503);
    console.log(`dist ${format}: routes answer over node:http (${requestId})`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const testing = await import('../dist/testing/index.js');
assert.equal(typeof testing.describeTrackerConformance, 'function');
console.log("dist: ESM and CJS copies recognise each other's errors; testing entry loads");

// The browser entry (ESM only) against the server's mobile-web link, both built.
const browser = await import('../dist/browser/index.js');
for (const [format, sdk] of Object.entries(builds)) {
  const client = new sdk.TruecallerClient({ appKey: 'smoke-key' });
  const routes = sdk.createTruecallerRoutes(client, {
    state: () => 'smoke-session',
    mobileWebLink: { partnerName: 'Smoke' },
  });
  const fetchRoute = (url, init) => {
    const request = new Request(url, init);
    return new URL(request.url).pathname === '/link' ? routes.mobileWebLink(request) : routes.status(request);
  };
  const link = await browser.fetchMobileWebLink('https://app.example/link', { fetch: fetchRoute });
  assert.match(link.url, /^truecallersdk:\/\/truesdk\/web_verify\?type=btmsheet&requestNonce=/);
  assert.equal(new URL(link.url).searchParams.get('requestNonce'), link.requestId);
  await client.handleCallback({ requestId: link.requestId, status: 'user_rejected' });
  const result = await browser.pollSignIn('https://app.example/status', {
    requestId: link.requestId,
    interval: 1,
    fetch: fetchRoute,
  });
  assert.deepEqual(result, { status: 'rejected', reason: 'user_rejected' });
  console.log(`dist ${format} + browser: a mobile-web link fetched and polled through the routes`);
}
await assert.rejects(
  browser.startSignIn('https://app.example/start', {
    phoneNumber: '1',
    fetch: async () => Response.json({ error: 'invalid_phone_number' }, { status: 400 }),
  }),
  (error) => browser.isTruecallerRouteError(error) && error.code === 'invalid_phone_number',
);
console.log('dist browser: route errors carry their code');

// The Better Auth entries (ESM only) load, use the root entry's classes (not a bundled copy), and answer a start.
const { truecaller } = await import('../dist/better-auth/index.js');
const { truecallerClient } = await import('../dist/better-auth/client/index.js');
const { betterAuth } = await import('better-auth');
const auth = betterAuth({
  baseURL: 'http://localhost:3000',
  secret: 'smoke-secret-0123456789abcdef0123456789',
  telemetry: { enabled: false },
  logger: { disabled: true },
  plugins: [
    truecaller({
      client: { appKey: 'smoke-key', fetch: async () => Response.json({ requestId: 'smoke-request' }) },
      callbackSecret: 'smoke-callback-secret-0123',
      tracker: new builds.esm.MemoryTracker(),
    }),
  ],
});
const started = await auth.handler(
  new Request('http://localhost:3000/api/auth/truecaller/start', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phoneNumber: '+46761234567' }),
  }),
);
assert.equal(started.status, 200);
assert.deepEqual(await started.json(), { requestId: 'smoke-request' });
assert.equal(truecallerClient().id, 'truecaller');
// The plugin builds its client from the root entry (not a bundled copy), and refuses one without a shared store.
assert.doesNotMatch(
  readFileSync(new URL('../dist/better-auth/index.js', import.meta.url), 'utf8'),
  /class TruecallerClient/,
);
assert.throws(
  () =>
    truecaller({
      client: new builds.esm.TruecallerClient({ appKey: 'k' }),
      callbackSecret: 'smoke-callback-secret-0123',
    }),
  /MemoryTracker/,
);
console.log('dist better-auth: the plugin answers a start; the client plugin loads');

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
