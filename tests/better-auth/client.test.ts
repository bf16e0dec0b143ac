import { createAuthClient } from 'better-auth/client';
import { truecallerClient } from 'truecaller-web-login/better-auth/client';
import { describe, expect, test } from 'vitest';
import {
  BASE_URL,
  Browser,
  createTestAuth,
  postCallback,
  type TestAuth,
  useAuthApp,
  usersWithNumber,
} from './support/authHarness.js';
import type { FakeTruecaller } from './support/fakeTruecaller.js';

const app = useAuthApp();
const { fake } = app;

/** An auth client in a page on the app's origin: Better Auth's own client, our plugin, the browser's cookies. */
function pageClient(auth: TestAuth = app.testAuth) {
  const browser = new Browser(auth.auth);
  const authClient = createAuthClient({
    baseURL: BASE_URL,
    plugins: [truecallerClient()],
    fetchOptions: { customFetchImpl: browser.fetch },
  });
  return { browser, authClient };
}

/** The phone's answer, given at the first pending poll: what Truecaller would POST once the user tapped. */
function answerAtFirstPoll(
  answer: (fake: FakeTruecaller) => Record<string, unknown> | Promise<Record<string, unknown>>,
) {
  let sent = false;
  return async () => {
    if (sent) return;
    sent = true;
    await postCallback(app.testAuth.auth, await answer(fake));
  };
}

const fast = { interval: 5, timeout: 5_000 };

describe('authClient.signIn.truecaller', () => {
  test('resolves completed once the session is set; getSession then returns the verified number’s user', async () => {
    const { authClient } = pageClient();

    const { data, error } = await authClient.signIn.truecaller({
      phoneNumber: '+46761231001',
      ...fast,
      onPending: answerAtFirstPoll((f) => f.approve(f.startFor('46761231001'))),
    });

    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'completed', user: { phoneNumber: '+46761231001' } });
    const session = await authClient.getSession();
    expect(session.data?.user).toMatchObject({ phoneNumber: '+46761231001', phoneNumberVerified: true });
    expect((await usersWithNumber(app.pool, '+46761231001'))[0]?.id).toBe(session.data?.user.id);
  });

  test('a decline resolves rejected with the reason, and no session', async () => {
    const { authClient } = pageClient();

    const { data } = await authClient.signIn.truecaller({
      phoneNumber: '+46761231002',
      ...fast,
      onPending: answerAtFirstPoll((f) => f.decline(f.startFor('46761231002'))),
    });

    expect(data).toEqual({ status: 'rejected', reason: 'user_rejected' });
    expect((await authClient.getSession()).data).toBeNull();
  });

  test('no answer from the phone resolves timeout and cancels the sign-in: the number is free, its callback refused', async () => {
    const { authClient, browser } = pageClient();

    const { data } = await authClient.signIn.truecaller({ phoneNumber: '+46761231003', interval: 5, timeout: 50 });

    expect(data).toEqual({ status: 'timeout' });
    const timedOut = fake.startFor('46761231003');
    expect(browser.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/api/auth/truecaller/cancel',
      body: { requestId: timedOut.requestId },
    });
    // The phone answers late: refused, and the page's retry (or the OTP fallback) is not locked out.
    expect((await postCallback(app.testAuth.auth, fake.approve(timedOut))).status).toBe(404);
    const retry = await authClient.signIn.truecaller({
      phoneNumber: '+46761231003',
      ...fast,
      onPending: answerAtFirstPoll((f) => f.approve(f.startFor('46761231003'))),
    });
    expect(retry.data).toMatchObject({ status: 'completed', user: { phoneNumber: '+46761231003' } });
  });

  test('an abort rejects with the caller’s reason and cancels the sign-in: the number is free at once', async () => {
    const { authClient, browser } = pageClient();
    const controller = new AbortController();
    const reason = new Error('user went for a code');

    const signingIn = authClient.signIn.truecaller({
      phoneNumber: '+46761231004',
      ...fast,
      signal: controller.signal,
      onPending: () => controller.abort(reason),
    });

    await expect(signingIn).rejects.toBe(reason);
    expect(browser.requests.at(-1)?.path).toBe('/api/auth/truecaller/cancel');
    const aborted = fake.startFor('46761231004');
    expect((await postCallback(app.testAuth.auth, fake.approve(aborted))).status).toBe(404);
    const again = await browser.post('/truecaller/start', { phoneNumber: '+46761231004' });
    expect(again.status).toBe(200);
  });

  test('route errors come back as { error } with the plugin’s code', async () => {
    const { authClient } = pageClient();
    fake.refuse('46761231006');

    const invalid = await authClient.signIn.truecaller({ phoneNumber: '12', ...fast });
    const refused = await authClient.signIn.truecaller({ phoneNumber: '+46761231006', ...fast });

    expect(invalid).toEqual({
      data: null,
      error: expect.objectContaining({ code: 'INVALID_PHONE_NUMBER', status: 400 }),
    });
    expect(refused.error).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  test('a number already pending is REQUEST_PENDING with retryAfterMs', async () => {
    const first = pageClient();
    const second = pageClient();
    const pending = first.authClient.signIn.truecaller({
      phoneNumber: '+46761231007',
      ...fast,
      onPending: async () => {
        const { error } = await second.authClient.signIn.truecaller({ phoneNumber: '+46761231007', ...fast });
        expect(error).toMatchObject({ code: 'REQUEST_PENDING', status: 429, retryAfterMs: expect.any(Number) });
        await postCallback(app.testAuth.auth, await fake.decline(fake.startFor('46761231007')));
      },
    });

    expect((await pending).data?.status).toBe('rejected');
  });

  test('with sign-up off, a new number is SIGN_UP_DISABLED: the page offers its own sign-up', async () => {
    const closed = await createTestAuth(app.pool, { signUp: false });
    const { authClient } = pageClient(closed);

    const { data, error } = await authClient.signIn.truecaller({
      phoneNumber: '+46761231008',
      ...fast,
      onPending: async () => {
        await postCallback(closed.auth, fake.approve(fake.startFor('46761231008')));
      },
    });

    expect(data).toBeNull();
    expect(error).toMatchObject({ code: 'SIGN_UP_DISABLED', status: 403 });
  });
});
