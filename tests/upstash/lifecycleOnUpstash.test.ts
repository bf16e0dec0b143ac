// The whole sign-in across three app instances that reach one Redis over HTTP through @upstash/redis, as
// serverless and edge deployments do: the start on one instance, Truecaller's callback on another, the
// browser's polls on a third. The stand-ins: msw for Truecaller, and a loopback server speaking Upstash's
// documented REST protocol in front of a REAL redis-server (tests/support/upstashRestServer.ts).
import { RequestPendingError, TruecallerClient } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import { afterEach, describe, expect, it } from 'vitest';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import {
  APP_KEY,
  expectFailsClosed,
  expectSignInAcrossInstances,
  expectSignInWorksAgain,
  PHONE,
  useStoreTruecaller,
} from '../support/storeLifecycle.js';
import { upstashClient } from '../support/upstashClients.js';
import { useUpstashStandIn } from '../support/upstashStandIn.js';

describe.runIf(shouldRunRedisSuites())('the sign-in lifecycle over Upstash REST', () => {
  const { upstash } = useUpstashStandIn();
  // The tracker's requests go to the loopback stand-in; msw must let them through and catch only Truecaller.
  const truecaller = useStoreTruecaller({ passThrough: () => upstash.url });
  afterEach(async () => {
    await upstash.start().catch(() => {});
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

    await expectSignInAcrossInstances([instance(prefix), instance(prefix), instance(prefix)]);
  });

  it('shares the per-number lock and a decline frees it for every instance', async () => {
    const prefix = `{t-${crypto.randomUUID()}}:`;
    const [a, b, c] = [instance(prefix), instance(prefix), instance(prefix)];
    const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });

    await expect(b.requestAuthorization({ phoneNumber: PHONE })).rejects.toBeInstanceOf(RequestPendingError);
    expect(truecaller.startCalls).toBe(1);
    await c.handleCallback({ requestId, status: 'user_rejected' });

    expect(await a.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
    await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
  });

  it('fails closed while Upstash is unreachable, sends nothing to Truecaller, and works again once it is back', async () => {
    const prefix = `{t-${crypto.randomUUID()}}:`;
    const instances = [instance(prefix), instance(prefix), instance(prefix)] as const;
    await upstash.stop();

    await expectFailsClosed(instances, truecaller);

    await upstash.start();

    await expectSignInWorksAgain(instances);
  });
});
