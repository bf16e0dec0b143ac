// Runs the built files the way users load them: `import` for ESM, `require` for CJS. tsc, vitest, publint
// and attw can all pass while a built file fails at run time (the CJS build of ESM-only ky did exactly that),
// so this script performs a real sign-in through each build against a hand-written fetch.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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

const testing = await import('../dist/testing/index.js');
assert.equal(typeof testing.describeTrackerConformance, 'function');
console.log("dist: ESM and CJS copies recognise each other's errors; testing entry loads");

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
      client: new builds.esm.TruecallerClient({
        appKey: 'smoke-key',
        fetch: async () => Response.json({ requestId: 'smoke-request' }),
      }),
      callbackSecret: 'smoke-callback-secret-0123',
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
console.log('dist better-auth: the plugin answers a start; the client plugin loads');
