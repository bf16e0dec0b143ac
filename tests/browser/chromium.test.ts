/**
 * The `/browser` entry in real headless Chromium, loaded as the ESM file a page would load, against a node:http
 * server whose routes each test scripts. Cadence is counted from the requests the page actually made; timings are
 * only ever checked as lower bounds (a wait lasted at least this long), never as deadlines.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { useChromium } from '../support/chromium.js';
import { usePageServer } from './support/pageServer.js';
import { openTestPage, type Settled, type TestPage, type TestWindow } from './support/testPage.js';

const chromium = useChromium();
const server = usePageServer();
let current: TestPage | undefined;

afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function open(): Promise<TestPage> {
  current = await openTestPage(chromium().browser, server.origin);
  return current;
}

/** Starts `pollSignIn('/status', …)` in the page without waiting for it. */
async function startPoll(page: TestPage, options: { interval: number; timeout?: number; requestId?: string }) {
  await page.page.evaluate((options) => {
    const w = window as unknown as TestWindow;
    w.controller = new AbortController();
    w.outcome = w.settle(w.tc.pollSignIn('/status', { requestId: 'req-1', ...options, signal: w.controller.signal }));
  }, options);
}

const outcomeOf = (page: TestPage) => page.page.evaluate(() => (window as unknown as TestWindow).outcome);
const pendingTimers = (page: TestPage) => page.page.evaluate(() => (window as unknown as TestWindow).pendingTimers());
const statusRequests = () => server.requests.filter((request) => request.path === '/status');
/** Milliseconds from each answer to the next request, as the server saw them. */
const gaps = () =>
  statusRequests()
    .slice(1)
    .map((request, i) => request.receivedAt - (statusRequests()[i]?.answeredAt ?? Number.NaN));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pollSignIn in Chromium', () => {
  test('polls one request at a time, an interval apart, and stops at the first final answer', async () => {
    const page = await open();
    server.script(
      '/status',
      { json: { status: 'pending' } },
      { json: { status: 'pending' } },
      {
        json: { status: 'completed', user: 'u-7' },
      },
    );

    await startPoll(page, { interval: 150, timeout: 20_000 });
    const outcome = await outcomeOf(page);
    await sleep(400);

    expect(outcome).toEqual({ result: { status: 'completed', user: 'u-7' } });
    expect(statusRequests()).toHaveLength(3);
    expect(
      statusRequests().every((request) => request.method === 'GET' && request.query.get('requestId') === 'req-1'),
    ).toBe(true);
    expect(server.maxInFlight).toBe(1);
    for (const gap of gaps()) expect(gap).toBeGreaterThanOrEqual(150);
    expect(await pendingTimers(page)).toBe(0);
  });

  test('honours Retry-After on 503 and retryAfterMs on 429 before polling again', async () => {
    const page = await open();
    server.script(
      '/status',
      { status: 503, json: { error: 'tracker_error' }, headers: { 'retry-after': '1' } },
      { status: 429, json: { error: 'rate_limited', retryAfterMs: 700 } },
      { json: { status: 'expired' } },
    );

    await startPoll(page, { interval: 100, timeout: 20_000 });
    const outcome = await outcomeOf(page);

    expect(outcome).toEqual({ result: { status: 'expired' } });
    const [afterRetryAfter, afterRetryAfterMs] = gaps();
    expect(afterRetryAfter).toBeGreaterThanOrEqual(1000);
    expect(afterRetryAfterMs).toBeGreaterThanOrEqual(700);
  });

  test('backs off after dropped connections: 2x, then 4x the interval', async () => {
    const page = await open();
    server.script('/status', 'reset', 'reset', { json: { status: 'completed' } });

    await startPoll(page, { interval: 100, timeout: 20_000 });
    const outcome = await outcomeOf(page);

    expect(outcome).toEqual({ result: { status: 'completed' } });
    const arrivals = statusRequests().map((request) => request.receivedAt);
    expect(arrivals).toHaveLength(3);
    expect((arrivals[1] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(200);
    expect((arrivals[2] ?? 0) - (arrivals[1] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  test('resolves timeout when still pending, and makes no request after that', async () => {
    const page = await open();
    server.script('/status', { json: { status: 'pending' } });

    await startPoll(page, { interval: 100, timeout: 800 });
    const outcome = await outcomeOf(page);
    const made = statusRequests().length;
    await sleep(500);

    expect(outcome).toEqual({ result: { status: 'timeout' } });
    expect(made).toBeGreaterThanOrEqual(1);
    expect(made).toBeLessThanOrEqual(7);
    expect(statusRequests()).toHaveLength(made);
    expect(await pendingTimers(page)).toBe(0);
  });

  test('an abort during a request stops at once: the request is dropped, the reason comes back', async () => {
    const page = await open();
    server.script('/status', 'hang');

    await startPoll(page, { interval: 50, timeout: 60_000 });
    await server.waitForRequests('/status', 1);
    await page.page.evaluate(() => (window as unknown as TestWindow).controller.abort(new Error('user left')));
    const outcome = (await outcomeOf(page)) as Extract<Settled, { error: unknown }>;
    await sleep(300);

    expect(outcome.error).toMatchObject({ message: 'user left', isAbortReason: true });
    expect(statusRequests()).toHaveLength(1);
    expect(statusRequests()[0]?.dropped).toBe(true);
    expect(await pendingTimers(page)).toBe(0);
  });

  test('an abort during the wait stops before the next request', async () => {
    const page = await open();
    server.script('/status', { json: { status: 'pending' } });

    await startPoll(page, { interval: 300, timeout: 60_000 });
    await server.waitForRequests('/status', 1);
    await page.page.evaluate(() => (window as unknown as TestWindow).controller.abort('stop'));
    const outcome = (await outcomeOf(page)) as Extract<Settled, { error: unknown }>;
    await sleep(600);

    expect(outcome.error).toMatchObject({ message: 'stop', isAbortReason: true });
    expect(statusRequests()).toHaveLength(1);
    expect(await pendingTimers(page)).toBe(0);
  });

  test("an error answer rejects with the route's error code", async () => {
    const page = await open();
    server.script('/status', { status: 403, json: { error: 'state_mismatch', message: 'Not your sign-in.' } });

    await startPoll(page, { interval: 50 });
    const outcome = await outcomeOf(page);

    expect(outcome).toEqual({
      error: {
        name: 'TruecallerRouteError',
        code: 'state_mismatch',
        status: 403,
        message: 'Not your sign-in.',
        isAbortReason: false,
      },
    });
  });
});

describe('startSignIn, fetchMobileWebLink and cancelSignIn in Chromium', () => {
  test('send JSON with POST and return the route answers', async () => {
    const page = await open();
    const url = 'truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=abcdefgh12345678';
    server.script('/start', { json: { requestId: 'req-9' } });
    server.script('/link', { json: { url, requestId: 'abcdefgh12345678' } });
    server.script('/cancel', { json: { status: 'cancelled' } });

    const answers = await page.page.evaluate(async () => {
      const { tc } = window as unknown as TestWindow;
      return [
        await tc.startSignIn('/start', { phoneNumber: '+46761234567' }),
        await tc.fetchMobileWebLink('/link'),
        await tc.cancelSignIn('/cancel', { requestId: 'req-9' }),
      ];
    });

    expect(answers).toEqual([{ requestId: 'req-9' }, { url, requestId: 'abcdefgh12345678' }, { status: 'cancelled' }]);
    expect(server.requests.map(({ method, path, body, contentType }) => ({ method, path, body, contentType }))).toEqual(
      [
        { method: 'POST', path: '/start', body: '{"phoneNumber":"+46761234567"}', contentType: 'application/json' },
        { method: 'POST', path: '/link', body: '', contentType: undefined },
        { method: 'POST', path: '/cancel', body: '{"requestId":"req-9"}', contentType: 'application/json' },
      ],
    );
  });

  test('a pending number rejects with request_pending and Retry-After in ms', async () => {
    const page = await open();
    server.script('/start', { status: 429, json: { error: 'request_pending' }, headers: { 'retry-after': '240' } });

    const outcome = await page.page.evaluate(() => {
      const w = window as unknown as TestWindow;
      return w.settle(
        w.tc.startSignIn('/start', { phoneNumber: '+46761234567' }).catch((error) => {
          throw Object.assign(new Error(`${error.code}:${error.retryAfterMs}`), { name: error.name, code: error.code });
        }),
      );
    });

    expect(outcome).toMatchObject({ error: { code: 'request_pending', message: 'request_pending:240000' } });
  });
});

describe('openTruecallerApp in Chromium (no app handles truecallersdk://)', () => {
  const LINK = 'truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=abcdefgh12345678';

  /** Wires the page's button to openTruecallerApp, clicks it (a user gesture, as in real use). */
  async function clickToOpen(page: TestPage, timeout: number) {
    await page.page.evaluate(
      ({ link, timeout }) => {
        const w = window as unknown as TestWindow;
        w.controller = new AbortController();
        const button = document.getElementById('open') as HTMLButtonElement;
        button.onclick = () => {
          w.outcome = w.settle(w.tc.openTruecallerApp(link, { timeout, signal: w.controller.signal }));
        };
      },
      { link: LINK, timeout },
    );
    await page.page.click('#open');
  }

  test('resolves not-installed, stays on the page, and leaves no listener or timer behind', async () => {
    const page = await open();
    const before = await page.listeners();
    const loadedAt = await page.page.evaluate(() => (window as unknown as TestWindow).loadedAt);

    await clickToOpen(page, 600);
    const during = await page.listeners();
    const outcome = await outcomeOf(page);

    expect(outcome).toEqual({ result: 'not-installed' });
    expect(during).toEqual([...before, 'document:visibilitychange', 'window:blur', 'window:pagehide'].sort());
    expect(await page.listeners()).toEqual(before);
    expect(await pendingTimers(page)).toBe(0);
    expect(page.navigations).toEqual([]);
    expect(page.page.url()).toBe(`${server.origin}/page`);
    expect(await page.page.evaluate(() => (window as unknown as TestWindow).loadedAt)).toBe(loadedAt);
  });

  test('resolves opened as soon as another window takes the focus, and removes its listeners', async () => {
    const page = await open();
    const before = await page.listeners();

    // Playwright tells every page it has focus; switched off, focus moves for real, as when the app's sheet opens.
    await page.cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await clickToOpen(page, 60_000);
    const app = await page.page.context().newPage();
    await app.bringToFront();
    const outcome = await outcomeOf(page);

    expect(outcome).toEqual({ result: 'opened' });
    expect(await page.listeners()).toEqual(before);
    expect(await pendingTimers(page)).toBe(0);
  });

  test('an abort rejects with the reason and removes every listener and timer', async () => {
    const page = await open();
    const before = await page.listeners();

    await clickToOpen(page, 60_000);
    await page.page.evaluate(() => (window as unknown as TestWindow).controller.abort(new Error('closed')));
    const outcome = await outcomeOf(page);

    expect(outcome).toMatchObject({ error: { message: 'closed', isAbortReason: true } });
    expect(await page.listeners()).toEqual(before);
    expect(await pendingTimers(page)).toBe(0);
  });

  test('refuses a link that is not truecallersdk: and does not navigate', async () => {
    const page = await open();

    const outcome = await page.page.evaluate(() => {
      const w = window as unknown as TestWindow;
      return w.settle(w.tc.openTruecallerApp('https://evil.example/'));
    });

    expect(outcome).toMatchObject({ error: { name: 'TypeError' } });
    expect(page.navigations).toEqual([]);
  });
});
