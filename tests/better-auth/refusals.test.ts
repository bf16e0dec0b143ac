import {
  createTruecallerRoutes,
  MemoryTracker,
  type PendingRequestTracker,
  TruecallerClient,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import {
  APP_KEY,
  Browser,
  CALLBACK_SECRET,
  createTestAuth,
  poll,
  postCallback,
  signIn,
  start,
  type TestAuth,
  useAuthApp,
  usersWithNumber,
} from './support/authHarness.js';

const app = useAuthApp();
const { fake } = app;

async function sessionOf(browser: Browser, auth: TestAuth = app.testAuth) {
  return auth.auth.api.getSession({ headers: browser.headers() });
}

describe('sign-up', () => {
  test('with signUp: false a new number is refused, creates no user, and sets no session', async () => {
    const closed = await createTestAuth(app.pool, { signUp: false });
    const browser = new Browser(closed.auth);

    const { status, body } = await signIn(closed, fake, browser, '46761230001');

    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'SIGN_UP_DISABLED' });
    expect(await usersWithNumber(app.pool, '+46761230001')).toHaveLength(0);
    expect(await sessionOf(browser, closed)).toBeNull();
  });

  test('with signUp: false an existing user still signs in', async () => {
    await signIn(app.testAuth, fake, new Browser(app.testAuth.auth), '46761230002');
    const closed = await createTestAuth(app.pool, { signUp: false });
    const browser = new Browser(closed.auth);

    const { status } = await signIn(closed, fake, browser, '46761230002');

    expect(status).toBe(200);
    expect((await sessionOf(browser, closed))?.user).toMatchObject({ phoneNumber: '+46761230002' });
  });

  test('signUp and mapProfileToUser shape the new user; they cannot change its number', async () => {
    const shaped = await createTestAuth(app.pool, {
      signUp: { name: (profile) => `Dr ${profile.name?.last}`, email: () => 'Shaped@Example.com' },
      mapProfileToUser: () => ({
        image: 'https://example.com/a.png',
        phoneNumber: '+1999',
        phoneNumberVerified: false,
      }),
    });

    const { body } = await signIn(shaped, fake, new Browser(shaped.auth), '46761230003');

    expect(body.user).toMatchObject({
      name: 'Dr User',
      email: 'shaped@example.com',
      image: 'https://example.com/a.png',
      phoneNumber: '+46761230003',
      phoneNumberVerified: true,
    });
  });

  test('a sign-up whose email another user has is refused, never linked to that account', async () => {
    const otherNumber = '+46761230005';
    await app.testAuth.auth.api.sendPhoneNumberOTP({ body: { phoneNumber: otherNumber } });
    const other = await app.testAuth.auth.api.verifyPhoneNumber({
      body: { phoneNumber: otherNumber, code: app.testAuth.otps.get(otherNumber) ?? '' },
    });
    const collide = await createTestAuth(app.pool, { signUp: { email: () => '46761230005@otp.test' } });
    const browser = new Browser(collide.auth);

    const { status, body } = await signIn(collide, fake, browser, '46761230004');

    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'EMAIL_ALREADY_IN_USE' });
    expect(await sessionOf(browser, collide)).toBeNull();
    expect(await usersWithNumber(app.pool, '+46761230004')).toHaveLength(0);
    expect(await usersWithNumber(app.pool, otherNumber)).toEqual([expect.objectContaining({ id: other.user?.id })]);
  });
});

describe('decline', () => {
  test('a declined sign-in answers rejected, creates nothing, and frees the number', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761230101');

    expect((await postCallback(app.testAuth.auth, await fake.decline(fake.startFor('46761230101')))).status).toBe(204);
    const { body } = await poll(browser, requestId);

    expect(body).toEqual({ status: 'rejected', reason: 'user_rejected' });
    expect(await sessionOf(browser)).toBeNull();
    expect(await usersWithNumber(app.pool, '+46761230101')).toHaveLength(0);
    await expect(start(browser, '46761230101')).resolves.toEqual(expect.any(String));
  });
});

describe('forged callbacks and other browsers', () => {
  test('a callback at the wrong secret URL is a bare 404 and records nothing', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761230201');

    const forged = await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761230201')), 'x'.repeat(26));

    expect(forged.status).toBe(404);
    expect((await poll(browser, requestId)).body).toEqual({ status: 'pending' });
  });

  test('a callback without the sign-in state (the attacker never has it) is refused with a 4xx', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761230202');
    const { state: _state, ...withoutState } = fake.approve(fake.startFor('46761230202'));

    const noState = await postCallback(app.testAuth.auth, withoutState);
    const wrongState = await postCallback(app.testAuth.auth, { ...withoutState, state: 'guessed-state' });

    expect(noState.status).toBe(403);
    expect(wrongState.status).toBe(403);
    expect(await wrongState.json()).toMatchObject({ code: 'STATE_MISMATCH', error: 'state_mismatch' });
    expect((await poll(browser, requestId)).body).toEqual({ status: 'pending' });
  });

  test('a callback for an unknown requestId is 404; malformed bodies are 400, never 5xx', async () => {
    const unknown = await postCallback(app.testAuth.auth, { requestId: 'never-issued', accessToken: 'a'.repeat(64) });
    const malformed = await postCallback(app.testAuth.auth, '{"requestId":');
    const notACallback = await postCallback(app.testAuth.auth, { hello: 'world' });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'UNKNOWN_REQUEST' });
    expect(malformed.status).toBe(400);
    expect(notACallback.status).toBe(400);
  });

  test('another browser polling the requestId is refused and cannot take the sign-in', async () => {
    const owner = new Browser(app.testAuth.auth);
    const stranger = new Browser(app.testAuth.auth);
    await start(stranger, '46761230213'); // the stranger holds a valid state cookie of its own
    const requestId = await start(owner, '46761230203');
    await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761230203')));

    const stolen = await poll(stranger, requestId);
    const own = await poll(owner, requestId);

    expect(stolen.status).toBe(403);
    expect(stolen.body).toMatchObject({ code: 'STATE_MISMATCH' });
    expect(await sessionOf(stranger)).toBeNull();
    expect(own.body).toMatchObject({ status: 'completed', user: { phoneNumber: '+46761230203' } });
  });

  test('the bare state, without its signature, is not accepted as the state cookie', async () => {
    const browser = new Browser(app.testAuth.auth);
    const requestId = await start(browser, '46761230204');
    const { state } = fake.startFor('46761230204');
    await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761230204')));
    const [cookieName] = browser.cookieNames();

    // What someone who read the callback (it carries the state) could present.
    const response = await app.testAuth.auth.handler(
      new Request(`http://localhost:3000/api/auth/truecaller/status?${new URLSearchParams({ requestId })}`, {
        headers: { cookie: `${cookieName}=${state}` },
      }),
    );

    expect(response.status).toBe(403);
    expect((await poll(browser, requestId)).body).toMatchObject({ status: 'completed' });
  });
});

describe('races', () => {
  test('two browsers starting the same number at once: one prompt, the other 429 with Retry-After', async () => {
    const [first, second] = [new Browser(app.testAuth.auth), new Browser(app.testAuth.auth)];

    const answers = await Promise.all([
      first.post('/truecaller/start', { phoneNumber: '+46761230301' }),
      second.post('/truecaller/start', { phoneNumber: '+46761230301' }),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 429]);
    const refused = answers.find((answer) => answer.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toMatchObject({ code: 'REQUEST_PENDING', error: 'request_pending' });
    expect(fake.starts.filter((call) => call.phoneNumber === '46761230301')).toHaveLength(1);
  });

  test('two sign-ins of one new number completing at once end on one user', async () => {
    // Two instances with separate trackers (nothing upstream serializes them), and a hook that holds each user
    // insert until both are under way: both lookups find no user, both insert, the database lets one win.
    let arrived = 0;
    let release: () => void = () => {};
    const bothArrived = new Promise<void>((resolve) => {
      release = resolve;
    });
    const barrier = {
      user: {
        create: {
          before: async () => {
            arrived += 1;
            if (arrived === 2) release();
            await bothArrived;
          },
        },
      },
    };
    const [one, two] = [await createTestAuth(app.pool, {}, barrier), await createTestAuth(app.pool, {}, barrier)];
    const [first, second] = [new Browser(one.auth), new Browser(two.auth)];
    const firstId = await start(first, '46761230302');
    await postCallback(one.auth, fake.approve(fake.startFor('46761230302')));
    const secondId = await start(second, '46761230302');
    await postCallback(two.auth, fake.approve(fake.startFor('46761230302')));

    const [a, b] = await Promise.all([poll(first, firstId), poll(second, secondId)]);

    expect(arrived).toBe(2);
    expect([a.status, b.status]).toEqual([200, 200]);
    const users = await usersWithNumber(app.pool, '+46761230302');
    expect(users).toHaveLength(1);
    expect((await sessionOf(first, one))?.user.id).toBe(users[0]?.id);
    expect((await sessionOf(second, two))?.user.id).toBe(users[0]?.id);
  });
});

describe('errors', () => {
  test('an invalid number is 400 INVALID_PHONE_NUMBER and nothing is sent', async () => {
    const response = await new Browser(app.testAuth.auth).post('/truecaller/start', { phoneNumber: '12' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'INVALID_PHONE_NUMBER', error: 'invalid_phone_number' });
    expect(fake.starts).toHaveLength(0);
  });

  test("Truecaller's 403/1008 is 403 FORBIDDEN: the page offers another method", async () => {
    fake.refuse('46761230401');

    const response = await new Browser(app.testAuth.auth).post('/truecaller/start', { phoneNumber: '+46761230401' });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'FORBIDDEN', error: 'forbidden' });
  });

  test('a wrong appKey is a bare 500 for the browser and an error log line for the operator', async () => {
    const misconfigured = await createTestAuth(app.pool, { client: { appKey: 'not-the-app-key', retry: 0 } });

    const response = await new Browser(misconfigured.auth).post('/truecaller/start', { phoneNumber: '+46761230404' });

    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', error: 'internal_error' });
    expect(JSON.stringify(body)).not.toMatch(/appKey|credential/i);
    expect(misconfigured.logs.join('\n')).toContain('refused the appKey');
    expect(misconfigured.logs.join('\n')).not.toContain('not-the-app-key');
  });

  test('a store failure is 503 TRACKER_ERROR with Retry-After: fail closed', async () => {
    const down = new Proxy(new MemoryTracker(), {
      get: (target, property) => {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? () => Promise.reject(new Error('connection refused')) : value;
      },
    }) as PendingRequestTracker;
    const broken = await createTestAuth(app.pool, { tracker: down });

    const response = await new Browser(broken.auth).post('/truecaller/start', { phoneNumber: '+46761230402' });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ code: 'TRACKER_ERROR', retryAfterMs: 1000 });
    expect(fake.starts).toHaveLength(0);
  });

  test('the plugin answers as createTruecallerRoutes does: same status, error, message', async () => {
    const routes = createTruecallerRoutes(
      new TruecallerClient({ appKey: APP_KEY, retry: 0, tracker: new MemoryTracker() }),
      { state: () => 'a-browser-session' },
    );
    const json = { 'content-type': 'application/json' };
    const routeAnswers = [
      await routes.start(
        new Request('http://app.test/start', { method: 'POST', headers: json, body: '{"phoneNumber":"12"}' }),
      ),
      await routes.callback(
        new Request('http://app.test/callback', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ requestId: 'never-issued', accessToken: 'a'.repeat(64) }),
        }),
      ),
    ];
    const pluginAnswers = [
      await new Browser(app.testAuth.auth).post('/truecaller/start', { phoneNumber: '12' }),
      await postCallback(app.testAuth.auth, { requestId: 'never-issued', accessToken: 'a'.repeat(64) }),
    ];

    for (const [index, routeAnswer] of routeAnswers.entries()) {
      const pluginAnswer = pluginAnswers[index] as Response;
      const expected = (await routeAnswer.json()) as { error: string; message: string };
      expect(pluginAnswer.status).toBe(routeAnswer.status);
      expect(await pluginAnswer.json()).toMatchObject({ ...expected, code: expected.error.toUpperCase() });
    }
  });

  test('nothing logged holds the full number, the state, the token or the callback secret', async () => {
    const browser = new Browser(app.testAuth.auth);
    await signIn(app.testAuth, fake, browser, '46761230403');
    await postCallback(app.testAuth.auth, { requestId: 'never-issued', accessToken: 'a'.repeat(64) });
    await postCallback(app.testAuth.auth, fake.approve(fake.startFor('46761230403')), 'y'.repeat(20));

    const logged = app.testAuth.logs.join('\n');
    expect(logged).not.toContain('46761230403');
    expect(logged).not.toContain(fake.startFor('46761230403').state);
    expect(logged).not.toContain(CALLBACK_SECRET);
  });
});
