import { describe, expect, test } from 'vitest';
import {
  APP_KEY,
  Browser,
  createTestAuth,
  poll,
  postCallback,
  signIn,
  start,
  useAuthApp,
  usersWithNumber,
} from './support/authHarness.js';

const app = useAuthApp();
const { fake } = app;

describe('a verified number becomes a session', () => {
  test('a new number signs up: one user with the verified number, and a session for it', async () => {
    const browser = new Browser(app.testAuth.auth);

    const { status, body } = await signIn(app.testAuth, fake, browser, '46761234501');

    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', user: { phoneNumber: '+46761234501', name: 'Test User' } });
    const users = await usersWithNumber(app.pool, '+46761234501');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ phoneNumberVerified: true, email: '46761234501@truecaller.invalid' });
    const session = await app.testAuth.auth.api.getSession({ headers: browser.headers() });
    expect(session?.user.id).toBe(users[0]?.id);
  });

  test('the session belongs to the verified number, not to the first number the profile lists', async () => {
    const browser = new Browser(app.testAuth.auth);

    await signIn(app.testAuth, fake, browser, '46761234502', ['46700000999', '46761234502']);

    const session = await app.testAuth.auth.api.getSession({ headers: browser.headers() });
    expect(session?.user).toMatchObject({ phoneNumber: '+46761234502', phoneNumberVerified: true });
    expect(await usersWithNumber(app.pool, '+46700000999')).toHaveLength(0);
  });

  test('a user the phoneNumber plugin created (OTP) signs in to the same account', async () => {
    const number = '+46761234503';
    await app.testAuth.auth.api.sendPhoneNumberOTP({ body: { phoneNumber: number } });
    const verified = await app.testAuth.auth.api.verifyPhoneNumber({
      body: { phoneNumber: number, code: app.testAuth.otps.get(number) ?? '' },
    });
    const browser = new Browser(app.testAuth.auth);

    const { body } = await signIn(app.testAuth, fake, browser, '46761234503');

    expect(body).toMatchObject({ status: 'completed', user: { id: verified.user?.id } });
    expect(await usersWithNumber(app.pool, number)).toHaveLength(1);
    const session = await app.testAuth.auth.api.getSession({ headers: browser.headers() });
    expect(session?.user.id).toBe(verified.user?.id);
  });

  test('the OTP fallback signs in the user Truecaller created', async () => {
    const number = '+46761234504';
    const { body } = await signIn(app.testAuth, fake, new Browser(app.testAuth.auth), '46761234504');
    const created = body.user as { id: string };

    await app.testAuth.auth.api.sendPhoneNumberOTP({ body: { phoneNumber: number } });
    const viaOtp = await app.testAuth.auth.api.verifyPhoneNumber({
      body: { phoneNumber: number, code: app.testAuth.otps.get(number) ?? '' },
    });

    expect(viaOtp.user?.id).toBe(created.id);
    expect(await usersWithNumber(app.pool, number)).toHaveLength(1);
  });

  test('a second sign-in with the same number reuses the user', async () => {
    const first = await signIn(app.testAuth, fake, new Browser(app.testAuth.auth), '46761234505');
    const second = await signIn(app.testAuth, fake, new Browser(app.testAuth.auth), '46761234505');

    expect((second.body.user as { id: string }).id).toBe((first.body.user as { id: string }).id);
    expect(await usersWithNumber(app.pool, '+46761234505')).toHaveLength(1);
  });

  test('the status route completes a sign-in once; later polls say expired and set no cookie', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761234506');
    await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761234506')));
    expect((await poll(browser, requestId)).body.status).toBe('completed');

    const again = await browser.get('/truecaller/status', { requestId });

    expect(await again.json()).toEqual({ status: 'expired' });
    expect(again.headers.getSetCookie().some((cookie) => cookie.includes('session_token'))).toBe(false);
  });

  test('polls before the callback say pending and set no session cookie', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761234507');

    const { status, body } = await poll(browser, requestId);

    expect(status).toBe(200);
    expect(body).toEqual({ status: 'pending' });
    expect(await app.testAuth.auth.api.getSession({ headers: browser.headers() })).toBeNull();
  });
});

describe('cancel', () => {
  test('cancelling frees the number at once and refuses the sign-in’s later callback', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761234601');
    const cancelled = fake.startFor('46761234601');

    const answer = await browser.post('/truecaller/cancel', { requestId });
    const again = await browser.post('/truecaller/start', { phoneNumber: '+46761234601' });
    const late = await postCallback(app.testAuth.auth, fake.approve(cancelled));

    expect([answer.status, await answer.json()]).toEqual([200, { status: 'cancelled' }]);
    expect(again.status).toBe(200);
    expect(fake.starts.filter((call) => call.phoneNumber === '46761234601')).toHaveLength(2);
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ code: 'UNKNOWN_REQUEST' });
    expect((await poll(browser, requestId)).body).toEqual({ status: 'expired' });
    expect(await app.testAuth.auth.api.getSession({ headers: browser.headers() })).toBeNull();
  });

  test('cancelling twice is safe: the second answer is cancelled too, and nothing else changes', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761234602');

    const first = await browser.post('/truecaller/cancel', { requestId });
    const second = await browser.post('/truecaller/cancel', { requestId });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.json()).toEqual({ status: 'cancelled' });
  });

  test('another browser cannot cancel someone else’s sign-in: 403, and the number stays taken', async () => {
    const owner = new Browser(app.testAuth.auth);
    const stranger = new Browser(app.testAuth.auth);
    await start(stranger, '46761234613'); // a valid state cookie of its own
    const requestId = await start(owner, '46761234603');

    const refused = await stranger.post('/truecaller/cancel', { requestId });
    const restart = await stranger.post('/truecaller/start', { phoneNumber: '+46761234603' });
    await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761234603')));

    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'STATE_MISMATCH' });
    expect(restart.status).toBe(429);
    expect((await poll(owner, requestId)).body).toMatchObject({ status: 'completed' });
  });
});

describe('the state cookie', () => {
  function maxAgeOf(response: Response): string | undefined {
    const cookie = response.headers.getSetCookie().find((line) => line.includes('truecaller_state='));
    return cookie?.match(/max-age=(\d+)/i)?.[1];
  }

  test('lives as long as the client keeps a pending sign-in: pendingTtl, 10 minutes by default', async () => {
    const shortLived = await createTestAuth(app.pool, { client: { appKey: APP_KEY, retry: 0, pendingTtl: 120_500 } });

    const byDefault = await new Browser(app.testAuth.auth).post('/truecaller/start', { phoneNumber: '+46761234701' });
    const short = await new Browser(shortLived.auth).post('/truecaller/start', { phoneNumber: '+46761234702' });

    expect(maxAgeOf(byDefault)).toBe('600');
    expect(maxAgeOf(short)).toBe('121');
  });
});
