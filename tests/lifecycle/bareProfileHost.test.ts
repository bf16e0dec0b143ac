/**
 * Mobile-web callbacks whose `endpoint` is only the regional host (`https://profile4-noneu.truecaller.com`), as a
 * production integration logged. That host answers its bare root with a 200 whose body holds no number; the SDK
 * fetches `/v1/default` on it, so a real user's sign-in completes instead of raising a false attack alarm.
 */

import { HttpResponse, http } from 'msw';
import { createRequestNonce, type SignInStatus } from 'truecaller-web-login';
import { beforeEach, describe, expect, test } from 'vitest';
import { MOBILE_WEB_PROFILE, NONEU_PROFILE_ENDPOINT } from '../fixtures/payloads.js';
import { useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();
const BARE_HOST = 'https://profile4-noneu.truecaller.com';
const rootCalls: string[] = [];

beforeEach(() => {
  rootCalls.length = 0;
  // What the regional host answers at its root: 200, and no phone number.
  lifecycle.server.use(
    http.get(`${BARE_HOST}/`, ({ request }) => {
      rootCalls.push(request.url);
      return HttpResponse.json({ status: 'ok' });
    }),
  );
});

describe('a mobile-web callback naming the bare regional host', () => {
  test.each([
    ['without a path', BARE_HOST],
    ['with the path /', `${BARE_HOST}/`],
  ])('%s: the sign-in for the registered number completes from /v1/default', async (_label, endpoint) => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, phoneNumber: '+91 99999 99999' });
    const accessToken = lifecycle.authorize({ ...MOBILE_WEB_PROFILE });
    await client.handleCallback({ requestId, accessToken, endpoint });

    const result: SignInStatus = await client.completeSignIn(requestId);

    expect(result).toMatchObject({ status: 'completed', phoneNumber: '919999999999' });
    expect(lifecycle.profileCalls).toEqual([{ url: NONEU_PROFILE_ENDPOINT, authorization: `Bearer ${accessToken}` }]);
    expect(rootCalls).toHaveLength(0);
  });

  test('without a registered number, the profile still comes from /v1/default', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId });
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize({ ...MOBILE_WEB_PROFILE }),
      endpoint: BARE_HOST,
    });

    const result = await client.completeSignIn(requestId);

    expect(result).toMatchObject({ status: 'completed', phoneNumber: '919999999999' });
    expect(rootCalls).toHaveLength(0);
  });
});
