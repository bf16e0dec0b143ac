// The three ways to reach the simulator: in-process fetch, msw handlers, and a real loopback HTTP server.
import { createServer, type Server } from 'node:http';
import { getResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NetworkError, TruecallerClient } from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { afterEach, describe, expect, test } from 'vitest';
import { NONEU_PROFILE_ENDPOINT, PHONE_NUMBER, STATE } from '../fixtures/payloads.js';

const APP_KEY = 'simulator-transport-key';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('simulator.fetch', () => {
  test("rejects a URL that is not one of Truecaller's with a TypeError naming it (without its query)", async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const error = await simulator.fetch('https://example.test/collect?token=secret').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('https://example.test/collect');
    expect((error as Error).message).not.toContain('secret');
    expect(simulator.requests).toEqual([]);
  });

  test("answers a configured `requestsUrl` and `profileUrl` instead of Truecaller's", async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      requestsUrl: 'https://sandbox.example.test/v1/apps/requests',
      profileUrl: 'https://sandbox.example.test/v1/default',
    });
    const client = new TruecallerClient({
      appKey: APP_KEY,
      fetch: simulator.fetch,
      requestsUrl: 'https://sandbox.example.test/v1/apps/requests',
      profileUrl: 'https://sandbox.example.test/v1/default',
      tracker: false,
    });

    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    const profile = await client.fetchProfile(simulator.issueToken(PHONE_NUMBER));

    expect(profile.phoneNumbers).toEqual([PHONE_NUMBER]);
    await expect(simulator.fetch('https://api4.truecaller.com/v1/apps/requests', { method: 'POST' })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('simulator.handlers (msw)', () => {
  test('a whole sign-in through the global fetch, with msw refusing anything else', async () => {
    const client = new TruecallerClient({ appKey: APP_KEY });
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: (body) => client.handleCallback(body) });
    const server = setupServer(...simulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    cleanups.push(() => server.close());

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    await simulator.settled();
    const result = await client.completeSignIn(requestId, { state: STATE });

    expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE_NUMBER });
    // Nothing else matches, so msw's onUnhandledRequest still guards every other URL.
    expect(await getResponse(simulator.handlers, new Request('https://example.test/elsewhere'))).toBeUndefined();
    expect(await getResponse(simulator.handlers, new Request('https://api4.truecaller.com/v1/other'))).toBeUndefined();
  });

  test("serve the users' regional endpoints", async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, endpoint: 'https://profile.example.test/v1/default' }],
    });
    const server = setupServer(...simulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    cleanups.push(() => server.close());
    const client = new TruecallerClient({
      appKey: APP_KEY,
      trustedProfileHosts: ['profile.example.test'],
      tracker: false,
    });

    const profile = await client.fetchProfile(simulator.issueToken(PHONE_NUMBER), {
      endpoint: 'https://profile.example.test/v1/default',
    });

    expect(profile.phoneNumbers).toEqual([PHONE_NUMBER]);
  });

  test("answer Truecaller's regional profile hosts", async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, strictRegions: false });
    const server = setupServer(...simulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    cleanups.push(() => server.close());

    const response = await fetch(NONEU_PROFILE_ENDPOINT, {
      headers: { authorization: `Bearer ${simulator.issueToken(PHONE_NUMBER)}` },
    });

    expect(response.status).toBe(200);
  });
});

describe('simulator.listen()', () => {
  test('a whole sign-in over real HTTP: the start call, the callback POST to the app, the profile call', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const truecaller = await simulator.listen();
    cleanups.push(() => truecaller.close());
    const client = new TruecallerClient({
      appKey: APP_KEY,
      requestsUrl: truecaller.requestsUrl,
      profileUrl: truecaller.profileUrl,
    });
    const app = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      await client.handleCallback(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(204).end();
    });
    await listenOn(app);
    simulator.callbackUrl = `${originOf(app)}/truecaller/callback/s3cret`;

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    await simulator.settled();
    const result = await client.completeSignIn(requestId, { state: STATE });

    expect(truecaller.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(simulator.callbacks[0]?.attempts).toEqual([{ status: 204 }]);
    expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE_NUMBER });
    expect(simulator.requests.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      'POST /v1/apps/requests',
      'GET /v1/default',
    ]);
  });

  test('answers 404 for other paths, and records nothing', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const truecaller = await simulator.listen();
    cleanups.push(() => truecaller.close());

    const get = await fetch(`${truecaller.url}/elsewhere`);
    const post = await fetch(`${truecaller.url}/v1/apps/other`, { method: 'POST', body: '{}' });

    expect(get.status).toBe(404);
    expect(post.status).toBe(404);
    expect(simulator.requests).toEqual([]);
  });

  test('close() ends a hanging answer, so the client sees a network error rather than waiting forever', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const truecaller = await simulator.listen();
    const client = new TruecallerClient({ appKey: APP_KEY, requestsUrl: truecaller.requestsUrl, tracker: false });
    simulator.inject('requests', { hang: true });

    const pending = client.requestAuthorization({ phoneNumber: PHONE_NUMBER }).catch((error: unknown) => error);
    await waitFor(() => simulator.requests.length === 1);
    await truecaller.close();

    expect(await pending).toBeInstanceOf(NetworkError);
  });

  test('two simulators listen on two free ports', async () => {
    const first = await new TruecallerSimulator({ appKey: APP_KEY }).listen();
    const second = await new TruecallerSimulator({ appKey: APP_KEY }).listen();
    cleanups.push(
      () => first.close(),
      () => second.close(),
    );

    expect(first.url).not.toBe(second.url);
  });

  test('a bad port -> TypeError', async () => {
    await expect(new TruecallerSimulator({ appKey: APP_KEY }).listen({ port: 70_000 })).rejects.toThrow(TypeError);
  });
});

async function listenOn(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
}

function originOf(server: Server): string {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
