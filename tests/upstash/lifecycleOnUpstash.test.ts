// The whole sign-in across three app instances that reach one Redis over HTTP through @upstash/redis, as
// serverless and edge deployments do: the start on one instance, Truecaller's callback on another, the
// browser's polls on a third. The stand-ins: msw for Truecaller, and a loopback server speaking Upstash's
// documented REST protocol in front of a REAL redis-server (tests/support/upstashRestServer.ts).
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  DEFAULT_PROFILE_URL,
  DEFAULT_REQUESTS_URL,
  RequestPendingError,
  TrackerError,
  TruecallerClient,
} from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';
import { upstashClient } from '../support/upstashClients.js';
import { startUpstashRestServer, type UpstashRestServer } from '../support/upstashRestServer.js';

const APP_KEY = 'upstash-lifecycle-app-key';
const PHONE = '46761234567';
const TOKEN = 'UPSTASH-LIFECYCLE-TOKEN-9f8e7d6c5b4a';

let startCalls = 0;
const mswServer = setupServer(
  http.post(DEFAULT_REQUESTS_URL, () => {
    startCalls++;
    return HttpResponse.json({ requestId: `rq-${crypto.randomUUID()}` });
  }),
  http.get(DEFAULT_PROFILE_URL, ({ request }) =>
    request.headers.get('authorization') === `Bearer ${TOKEN}`
      ? HttpResponse.json({ phoneNumbers: [Number(PHONE)], name: { first: 'Ada', last: 'Upstash' } })
      : HttpResponse.json({ status: 40101, message: 'Unauthorized' }, { status: 401 }),
  ),
);

describe.runIf(shouldRunRedisSuites())('the sign-in lifecycle over Upstash REST', () => {
  let redis: RedisServer;
  let upstash: UpstashRestServer;

  beforeAll(async () => {
    redis = await startRedisServer();
    upstash = await startUpstashRestServer({ redisPort: redis.port });
    // The tracker's requests go to the loopback stand-in; msw must let them through and catch only Truecaller.
    mswServer.listen({
      onUnhandledRequest: (request, print) => {
        if (new URL(request.url).origin !== upstash.url) print.error();
      },
    });
  });
  afterEach(async () => {
    startCalls = 0;
    await upstash.start().catch(() => {});
  });
  afterAll(async () => {
    mswServer.close();
    await upstash?.stop();
    await redis?.stop();
  });

  /** One app instance: its own HTTP client, a shared store under `prefix`. */
  function instance(prefix: string): TruecallerClient {
    return new TruecallerClient({
      appKey: APP_KEY,
      tracker: new RedisTracker({ client: upstashClient(upstash), prefix, timeout: 1_000 }),
    });
  }

  it('completes a sign-in started on one instance, called back on another, polled on a third', async () => {
    const prefix = `{t-${crypto.randomUUID()}}:`;
    const [a, b, c] = [instance(prefix), instance(prefix), instance(prefix)];

    const { requestId } = await a.requestAuthorization({ phoneNumber: `+${PHONE}`, state: 'session-1' });
    expect(await c.completeSignIn(requestId, { state: 'session-1' })).toEqual({ status: 'pending' });
    await expect(b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-1' })).resolves.toEqual({
      requestId,
      type: 'authorized',
      duplicate: false,
    });
    const result = await c.completeSignIn(requestId, { state: 'session-1' });

    expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE, state: 'session-1' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(await a.completeSignIn(requestId, { state: 'session-1' })).toEqual({ status: 'expired' });
  });

  it('shares the per-number lock and a decline frees it for every instance', async () => {
    const prefix = `{t-${crypto.randomUUID()}}:`;
    const [a, b, c] = [instance(prefix), instance(prefix), instance(prefix)];
    const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });

    await expect(b.requestAuthorization({ phoneNumber: PHONE })).rejects.toBeInstanceOf(RequestPendingError);
    expect(startCalls).toBe(1);
    await c.handleCallback({ requestId, status: 'user_rejected' });

    expect(await a.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
    await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
  });

  it('fails closed while Upstash is unreachable, sends nothing to Truecaller, and works again once it is back', async () => {
    const prefix = `{t-${crypto.randomUUID()}}:`;
    const [a, b, c] = [instance(prefix), instance(prefix), instance(prefix)];
    await upstash.stop();

    await expect(a.requestAuthorization({ phoneNumber: PHONE })).rejects.toBeInstanceOf(TrackerError);
    await expect(b.handleCallback({ requestId: 'rq-any', accessToken: TOKEN })).rejects.toBeInstanceOf(TrackerError);
    await expect(c.completeSignIn('rq-any')).rejects.toBeInstanceOf(TrackerError);
    expect(startCalls).toBe(0);

    await upstash.start();

    const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });
    await b.handleCallback({ requestId, accessToken: TOKEN });
    await expect(c.completeSignIn(requestId)).resolves.toMatchObject({ status: 'completed' });
  });
});
