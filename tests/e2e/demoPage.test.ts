/**
 * The served demo (`npm run demo -- --serve`) end to end in headless Chromium: the page (plain HTML and the
 * `/browser` entry), the reference app on `createTruecallerRoutes` with its cookie session, Truecaller's simulator
 * over loopback HTTP, and the simulated phone the test taps like a user. The demo runs in-process on a free port
 * and is closed after the file. Cadence is counted from the requests the page made, as the app saw them, and
 * timings are only checked as lower bounds. (`openTruecallerApp` resolving `not-installed` with no listener left
 * is tests/browser/chromium.test.ts's.)
 */
import { copyFile, mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type DemoServer, type Exchange, ROUTES, serveDemo } from '../../examples/serve/server.js';
import { useChromium } from '../support/chromium.js';
import { FaultyTracker } from '../support/faultyTracker.js';

const SCREENSHOT = 'test-results/e2e/signed-in.png';
/** The committed copy docs/browser.md shows; `UPDATE_DOCS_SCREENSHOT=1 npx vitest run tests/e2e` rewrites it. */
const DOCS_SCREENSHOT = 'docs/images/demo-signed-in.png';

const chromium = useChromium();
const tracker = new FaultyTracker();
const exchanges: Exchange[] = [];
let demo: DemoServer;
let context: BrowserContext | undefined;

beforeAll(async () => {
  demo = await serveDemo({ tracker, onExchange: (exchange) => exchanges.push(exchange) });
});
afterAll(async () => {
  await demo?.close();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  exchanges.length = 0;
  tracker.clear();
});

/** Opens the demo page in a fresh browser context (its own session cookie). */
async function openDemo(query = ''): Promise<Page> {
  context = await chromium().browser.newContext({ viewport: { width: 1100, height: 480 } });
  const page = await context.newPage();
  await page.goto(`${demo.url}${query}`);
  return page;
}

/** Types the number, presses "Sign in with Truecaller", and resolves with the requestId the start route answered. */
async function startSignIn(page: Page, phoneNumber: string): Promise<string> {
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === ROUTES.start);
  await page.fill('#phone-number', phoneNumber);
  await page.click('#start');
  const response = await answered;
  expect(response.status()).toBe(200);
  return ((await response.json()) as { requestId: string }).requestId;
}

/** Taps a button on the simulated phone once it shows this sign-in's prompt. */
async function onPhone(page: Page, requestId: string, button: 'approve' | 'decline'): Promise<void> {
  await page.click(`#prompt[data-request-id="${requestId}"] #${button}`);
}

/** Waits for the page to show how the sign-in ended; resolves with the ending and the text shown. */
async function endingOf(page: Page): Promise<{ ending: string | null; text: string }> {
  const result = await page.waitForSelector('#result[data-ending]');
  return { ending: await result.getAttribute('data-ending'), text: (await result.textContent()) ?? '' };
}

const steps = (page: Page) => page.locator('#steps li').allTextContents();
const answered = (path: string) => exchanges.filter((exchange) => exchange.path === path);

describe('the demo page in Chromium', () => {
  test('signs in with a typed number: the phone approves, the page polls, the session is signed in', async () => {
    const page = await openDemo('?interval=250');

    const requestId = await startSignIn(page, '+46 76 123 45 60');
    await onPhone(page, requestId, 'approve');

    expect(await endingOf(page)).toEqual({ ending: 'signed-in', text: 'Signed in as Rajat Kapoor' });
    const shown = await steps(page);
    expect(shown.some((step) => step.includes('Truecaller is asking your phone'))).toBe(true);
    expect(shown.at(-1)).toMatch(/Signed in: the server's session says Rajat Kapoor \(\+46\*{6}560\)$/);
    // The cookie session is what is signed in: the account route says so to this browser, and to no other.
    const account = await page.evaluate(async () => (await fetch('/account')).json());
    expect(account).toEqual({ account: { name: 'Rajat Kapoor', phoneNumber: '+46******560' } });
    const stranger = await fetch(new URL(ROUTES.account, demo.url));
    expect(await stranger.json()).toEqual({ account: null });
    expect(answered(ROUTES.status).at(-1)?.status).toBe(200);

    await mkdir('test-results/e2e', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') {
      await mkdir('docs/images', { recursive: true });
      await copyFile(SCREENSHOT, DOCS_SCREENSHOT);
    }
  });

  test('a decline on the phone ends the sign-in as declined and frees the number', async () => {
    const page = await openDemo('?interval=250');

    const requestId = await startSignIn(page, '+46 76 123 45 61');
    await onPhone(page, requestId, 'decline');

    expect(await endingOf(page)).toEqual({ ending: 'declined', text: 'You declined the sign-in on your phone.' });
    expect(await page.isVisible('#fallback')).toBe(false);
    await startSignIn(page, '+46 76 123 45 61'); // a 429 request_pending here would fail the start
  });

  test('no answer within the timeout: the page cancels and offers another method; the number is free at once', async () => {
    const page = await openDemo('?interval=200&timeout=1500');

    await startSignIn(page, '+46 76 123 45 62');

    expect(await endingOf(page)).toEqual({ ending: 'another-method', text: 'Use another method to sign in.' });
    expect(await page.isVisible('#fallback')).toBe(true);
    expect((await steps(page)).at(-1)).toMatch(/Use another method: no answer from your phone in time\.$/);
    expect(answered(ROUTES.cancel).map((exchange) => exchange.status)).toEqual([200]);
    await startSignIn(page, '+46 76 123 45 62');
  });

  test('Cancel calls the cancel route, and a new start for the same number works at once and signs in', async () => {
    const page = await openDemo('?interval=200');
    await startSignIn(page, '+46 76 123 45 63');
    await page.waitForSelector('#steps li:has-text("Poll 1: pending")');

    await page.click('#cancel');

    expect(await endingOf(page)).toEqual({ ending: 'cancelled', text: 'Sign-in cancelled.' });
    expect(answered(ROUTES.cancel).map((exchange) => exchange.status)).toEqual([200]);
    const again = await startSignIn(page, '+46 76 123 45 63');
    await onPhone(page, again, 'approve');
    expect(await endingOf(page)).toMatchObject({ ending: 'signed-in' });
  });

  test('mobile web: the page fetches a link, the simulated phone opens it in the app and approves, the page signs in', async () => {
    const page = await openDemo('?interval=200');
    await page.fill('#phone-number', '+46 76 123 45 64');
    const linked = page.waitForResponse((response) => new URL(response.url()).pathname === ROUTES.mobileWebLink);

    await page.click('#app');
    const link = (await (await linked).json()) as { url: string; requestId: string };
    expect(link.url).toMatch(/^truecallersdk:\/\/truesdk\/web_verify\?type=btmsheet&requestNonce=/);
    expect(await page.textContent(`#prompt[data-request-id="${link.requestId}"] #prompt-number`)).toBe(
      'In the app · +46******564',
    );
    await onPhone(page, link.requestId, 'approve');

    expect(await endingOf(page)).toEqual({ ending: 'signed-in', text: 'Signed in as Rajat Kapoor' });
    const callbacks = demo.simulator.callbacks.filter((callback) => callback.requestId === link.requestId);
    expect(callbacks.map((callback) => [callback.flow, callback.attempts[0]?.status])).toEqual([['mobile-web', 204]]);
  });

  test('polls one request at a time, an interval apart, and waits as long as Retry-After says after a 503', async () => {
    const page = await openDemo('?interval=200&timeout=20000');
    const requestId = await startSignIn(page, '+46 76 123 45 65');
    await page.waitForSelector('#steps li:has-text("Poll 2: pending")');

    tracker.fault('get', 'refuse', 1); // the store fails once: the status route answers 503, Retry-After: 1
    await until(() => answered(ROUTES.status).some((exchange) => exchange.status === 503));
    await until(() => (answered(ROUTES.status).at(-1)?.status ?? 503) !== 503);
    await onPhone(page, requestId, 'approve');

    expect(await endingOf(page)).toMatchObject({ ending: 'signed-in' });
    const polls = answered(ROUTES.status);
    expect(polls.length).toBeGreaterThanOrEqual(4);
    expect(polls.filter((poll) => poll.status === 503)).toHaveLength(1);
    for (const [i, poll] of polls.entries()) {
      const previous = polls[i - 1];
      if (previous === undefined) continue;
      // Each poll starts after the previous answer, at least `interval` later (Retry-After's second after a 503).
      expect(poll.receivedAt - previous.answeredAt).toBeGreaterThanOrEqual(previous.status === 503 ? 1000 : 200);
    }
  });
});

/** Resolves once `condition` holds (checked every 20 ms). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
