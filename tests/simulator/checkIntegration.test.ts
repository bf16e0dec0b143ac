// checkIntegration against a running app over real HTTP: a correct app passes every scenario; each way of
// breaking it fails the scenario that covers it, with a reason that says why.
import { TruecallerClient } from 'truecaller-web-login';
import {
  checkIntegration,
  INTEGRATION_SCENARIOS,
  type IntegrationReport,
  TruecallerSimulator,
} from 'truecaller-web-login/simulator';
import { afterEach, describe, expect, test } from 'vitest';
import { appClient, type Breakage, contractApp, PATHS, serve, type Variant } from './contractApp.js';

const APP_KEY = 'integration-check-key';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The simulator on a loopback port and the contract app on another, its client pointed at the simulator. */
async function running(breakage: Breakage & Variant = {}, appKey = APP_KEY) {
  const simulator = new TruecallerSimulator({ appKey: APP_KEY });
  const truecaller = await simulator.listen();
  cleanups.push(() => truecaller.close());
  const { client, tracker } = appClient(appKey, {
    requestsUrl: truecaller.requestsUrl,
    profileUrl: truecaller.profileUrl,
  });
  const app = await serve(contractApp(client, tracker, breakage));
  cleanups.push(() => app.close());
  return { simulator, baseUrl: app.url };
}

function resultOf(report: IntegrationReport, scenario: string) {
  return report.results.find((result) => result.scenario === scenario);
}

describe('a correct app', () => {
  test('passes every documented scenario over real HTTP', async () => {
    const { simulator, baseUrl } = await running();

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS });

    expect(report.failed, report.summary).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.passed).toEqual([...INTEGRATION_SCENARIOS]);
    expect(report.summary.split('\n')).toHaveLength(INTEGRATION_SCENARIOS.length);
    expect(resultOf(report, 'approve')?.steps).toContain('truecaller: callback (approve) -> 204');
  }, 60_000);

  test('passes in-process too: the app as a fetch function, its client on simulator.fetch, no servers', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const { client, tracker } = appClient(APP_KEY, { fetch: simulator.fetch });
    const app = contractApp(client, tracker);

    const report = await checkIntegration({
      baseUrl: 'http://app.test',
      simulator,
      paths: PATHS,
      fetch: async (input, init) => app(new Request(input, init)),
    });

    expect(report.failed, report.summary).toEqual([]);
  }, 60_000);

  test('the report never shows a token, a full number, a state or the callback secret', async () => {
    const { simulator, baseUrl } = await running();

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['approve', 'wrong_state'] });

    const printed = JSON.stringify(report);
    expect(printed).not.toContain('s3cret-segment');
    expect(printed).not.toContain('session-');
    for (const callback of simulator.callbacks) expect(printed).not.toContain(String(callback.body.accessToken));
    for (const request of simulator.requests.filter((each) => each.endpoint === 'requests')) {
      expect(printed).not.toContain(String((request.body as { phoneNumber: number }).phoneNumber));
    }
    expect(printed).toMatch(/\+46\*+\d{3}/);
  });
});

describe("an app's own answers", () => {
  test.each<[string, () => Response]>([
    ['JSON without a status', () => Response.json({ user: { name: 'Rajat' } })],
    ['a redirect', () => new Response(null, { status: 303, headers: { location: '/welcome' } })],
  ])('onCompleted answering %s counts as completed', async (_name, onCompleted) => {
    const { simulator, baseUrl } = await running({ onCompleted });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['approve', 'wrong_state'] });

    expect(report.failed, report.summary).toEqual([]);
  });

  test('a failed sign-in answered 200 {status: "failed"} is not mistaken for a completed one', async () => {
    const { simulator, baseUrl } = await running({ invalidTokenAsFailed: true });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['expiry'] });

    expect(report.failed, report.summary).toEqual([]);
    expect(resultOf(report, 'expiry')?.steps).toContain('browser A: status -> 200 status=failed');
  });
});

describe('a broken app fails the scenario that covers the break, saying why', () => {
  test('a `state` that ignores the browser session: wrong_state and cancel fail', async () => {
    const { simulator, baseUrl } = await running({ sharedState: true });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['wrong_state', 'cancel'] });

    expect(report.failed).toEqual(['wrong_state', 'cancel']);
    expect(resultOf(report, 'wrong_state')?.reason).toMatch(/another browser's status poll was answered 200/);
    expect(resultOf(report, 'cancel')?.reason).toMatch(/another browser's cancel was answered 200/);
  });

  test('403/1008 answered as a 500: forbidden fails', async () => {
    const { simulator, baseUrl } = await running({ forbiddenAs500: true });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['forbidden', 'approve'] });

    expect(report.failed).toEqual(['forbidden']);
    expect(resultOf(report, 'forbidden')?.reason).toMatch(/answered 500 .*expected a 4xx with error=forbidden/);
  });

  test('refused callbacks answered 500: forged_callback fails', async () => {
    const { simulator, baseUrl } = await running({ refusedCallbacksAs500: true });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['forged_callback'] });

    expect(report.ok).toBe(false);
    expect(resultOf(report, 'forged_callback')?.reason).toMatch(/unknown requestId: the callback route answered 500/);
  });

  test('a cancel that keeps the lock: cancel fails at the restart', async () => {
    const { simulator, baseUrl } = await running({ cancelKeepsLock: true });

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['cancel'] });

    expect(resultOf(report, 'cancel')?.reason).toMatch(/start route answered 429/);
  });

  test("the app's client has another appKey: the reason says so", async () => {
    const { simulator, baseUrl } = await running({}, 'some-other-key');

    const report = await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['approve'] });

    expect(resultOf(report, 'approve')?.reason).toMatch(/carried another appKey than the simulator's/);
  });

  test("the app's client does not talk to this simulator: the reason says so", async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const elsewhere = new TruecallerSimulator({ appKey: APP_KEY });
    const { client, tracker } = appClient(APP_KEY, { fetch: elsewhere.fetch });
    const app = contractApp(client, tracker);

    const report = await checkIntegration({
      baseUrl: 'http://app.test',
      simulator,
      paths: PATHS,
      scenarios: ['approve'],
      fetch: async (input, init) => app(new Request(input, init)),
    });

    expect(resultOf(report, 'approve')?.reason).toMatch(/not one the simulator issued/);
  });

  test('an app that is not running: every scenario fails, saying it could not be reached', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const report = await checkIntegration({
      baseUrl: 'http://127.0.0.1:9',
      simulator,
      paths: PATHS,
      scenarios: ['approve', 'invalid_number'],
    });

    expect(report.failed).toEqual(['approve', 'invalid_number']);
    expect(resultOf(report, 'approve')?.reason).toMatch(/could not be reached/);
  });
});

describe('options', () => {
  test('without `paths.cancel` the cancel scenario is skipped, and the report says so', async () => {
    const { simulator, baseUrl } = await running();
    const { cancel: _cancel, ...paths } = PATHS;

    const report = await checkIntegration({ baseUrl, simulator, paths, scenarios: ['cancel'] });

    expect(report.ok).toBe(true);
    expect(report.results).toMatchObject([
      { scenario: 'cancel', status: 'skipped', reason: 'no `paths.cancel` was given' },
    ]);
  });

  test('`session` headers identify the browser when the app reads its session from them', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const { client, tracker } = appClient(APP_KEY, { fetch: simulator.fetch });
    const app = contractApp(client, tracker);

    const report = await checkIntegration({
      baseUrl: 'http://app.test',
      simulator,
      paths: PATHS,
      scenarios: ['wrong_state'],
      session: (browser) => ({ cookie: `sid=test-session-${browser}` }),
      fetch: async (input, init) => app(new Request(input, init)),
    });

    expect(report.failed, report.summary).toEqual([]);
  });

  test.each([
    ['no simulator', { baseUrl: 'http://a.test', simulator: {}, paths: PATHS }, /must be a TruecallerSimulator/],
    ['a relative baseUrl', { baseUrl: '/app', paths: PATHS }, /`baseUrl` must be an absolute URL/],
    ['no start path', { baseUrl: 'http://a.test', paths: { ...PATHS, start: '' } }, /`paths.start` is required/],
    ['an unknown scenario', { baseUrl: 'http://a.test', paths: PATHS, scenarios: ['nope'] }, /unknown scenario/],
    ['a zero timeout', { baseUrl: 'http://a.test', paths: PATHS, timeout: 0 }, /`timeout`/],
  ])('%s -> TypeError', async (_name, options, message) => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    await expect(checkIntegration({ simulator, ...options } as never)).rejects.toThrow(message);
  });
});

test('a client on the same simulator keeps working while the check adds its own users', async () => {
  const { simulator, baseUrl } = await running();
  const own = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });

  await checkIntegration({ baseUrl, simulator, paths: PATHS, scenarios: ['forbidden'] });

  await expect(own.requestAuthorization({ phoneNumber: '+46761234567' })).resolves.toMatchObject({
    requestId: expect.any(String),
  });
});
