// checkIntegration against the REAL routes: the reference app (examples/app.ts, createTruecallerRoutes with its
// cookie session) on node:http through toNodeHandler, and the Hono example on @hono/node-server, each over
// loopback HTTP with its client on `simulator.listen()`. Every documented scenario must pass.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { MemoryTracker, TruecallerClient } from 'truecaller-web-login';
import {
  checkIntegration,
  INTEGRATION_SCENARIOS,
  type IntegrationPaths,
  TruecallerSimulator,
} from 'truecaller-web-login/simulator';
import { afterEach, describe, expect, test } from 'vitest';
import type { AppOptions } from '../../examples/app.js';
import { PATHS } from '../../examples/app.js';
import { createHonoApp } from '../../examples/hono/app.js';
import { createNodeServer } from '../../examples/node-http/server.js';

const APP_KEY = 'integration-app-key-7d2c';
const CALLBACK_SECRET = 'integration-cb-secret-4e8a1f';
const paths: IntegrationPaths = {
  start: PATHS.start,
  callback: `${PATHS.callback}${CALLBACK_SECRET}`,
  status: PATHS.status,
  cancel: PATHS.cancel,
};
/** The app's session, as the sign-in page would have set it: one `sid` cookie per simulated browser. */
const session = () => ({ cookie: `sid=${crypto.randomUUID()}` });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Truecaller on a loopback port, and the app's options with a client pointed at it. */
async function truecaller(): Promise<{ simulator: TruecallerSimulator; options: AppOptions }> {
  const simulator = new TruecallerSimulator({ appKey: APP_KEY });
  const server = await simulator.listen();
  cleanups.push(() => server.close());
  const client = new TruecallerClient({
    appKey: APP_KEY,
    tracker: new MemoryTracker(),
    requestsUrl: server.requestsUrl,
    profileUrl: server.profileUrl,
  });
  return { simulator, options: { client, callbackSecret: CALLBACK_SECRET } };
}

/** Listens on a free loopback port; stops the server (and its keep-alive connections) after the test. */
async function listening(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe.each([
  ['node:http (toNodeHandler)', (options: AppOptions) => listening(createNodeServer(options))],
  [
    'Hono on @hono/node-server',
    (options: AppOptions) => listening(createAdaptorServer({ fetch: createHonoApp(options).fetch }) as Server),
  ],
])('the routes of createTruecallerRoutes over %s', (_, start) => {
  test('pass every documented scenario', async () => {
    const { simulator, options } = await truecaller();
    const baseUrl = await start(options);

    const report = await checkIntegration({ baseUrl, simulator, paths, session });

    expect(report.failed, report.summary).toEqual([]);
    expect(report.passed).toEqual([...INTEGRATION_SCENARIOS]);
  }, 60_000);
});

test('the check fails the reference app when the browser has no session: every route needs one', async () => {
  const { simulator, options } = await truecaller();
  const baseUrl = await listening(createNodeServer(options));

  const report = await checkIntegration({ baseUrl, simulator, paths, scenarios: ['approve'] });

  expect(report.failed).toEqual(['approve']);
  expect(report.results[0]?.reason).toMatch(/start route answered 401 error=session_required/);
});
