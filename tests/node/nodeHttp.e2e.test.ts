// examples/node-http/server.ts for real: a node:http server on a loopback port, driven over HTTP.
import { createServer, type IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { createNodeServer } from '../../examples/node-http/server.js';
import { signedIn } from '../../examples/session.js';
import { CALLBACK_SECRET, newClient, useFakeTruecaller } from '../routes/support.js';
import { allowRealRequests } from '../support/msw.js';
import { close, EXAMPLE_PATHS, listen, postCallback, signInOverHttp, useServed } from './support.js';

const truecaller = useFakeTruecaller();
const client = newClient();
const app = useServed(() => createNodeServer({ client, callbackSecret: CALLBACK_SECRET }));

describe('the node:http example', () => {
  test('signs a user in: page, start, a text/plain callback, status', async () => {
    const { browser, callback, completed } = await signInOverHttp(app.base(), truecaller, EXAMPLE_PATHS);

    expect(callback.status).toBe(204);
    expect(completed).toEqual({ status: 'completed', name: 'Rajat Kapoor' });
    const sessionId = browser.cookie.replace('sid=', '');
    expect(signedIn.get(sessionId)).toEqual({ phoneNumber: '46761234567', name: 'Rajat Kapoor' });
  });

  test('answers a malformed callback with the SDK’s 400 invalid_callback', async () => {
    const response = await postCallback(app.base(), EXAMPLE_PATHS, '{"requestId":', { contentType: 'text/plain' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_callback' });
  });

  test('stops reading a 1 MB callback at the limit, answers 400, and keeps serving', async () => {
    const huge = JSON.stringify({ requestId: 'r', accessToken: 'x'.repeat(1_000_000) });

    const response = await postCallback(app.base(), EXAMPLE_PATHS, huge);

    expect(response.status).toBe(400);
    expect((await postCallback(app.base(), EXAMPLE_PATHS, '{}')).status).toBe(400);
  });

  test('answers a wrong secret 404 without reading the body, and keeps serving', async () => {
    const body = JSON.stringify({ requestId: 'r', accessToken: 'x'.repeat(5_000_000) });

    const response = await postCallback(app.base(), EXAMPLE_PATHS, body, { secret: 'not-the-secret-0123456789' });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
    expect((await fetch(`${app.base()}/`)).status).toBe(200);
  });

  test('answers a poll without a session cookie 401', async () => {
    const response = await fetch(`${app.base()}${EXAMPLE_PATHS.status}?requestId=r`);

    expect(response.status).toBe(401);
  });
});

describe('handleCallback given a Node request', () => {
  test('throws a TypeError that points to truecaller-web-login/node', async () => {
    let thrown: unknown;
    const server = createServer(async (req: IncomingMessage, res) => {
      try {
        await client.handleCallback(req as never);
      } catch (error) {
        thrown = error;
      }
      res.end();
    });
    const base = await listen(server);
    allowRealRequests(`${base}/*`);
    try {
      await postCallback(base, EXAMPLE_PATHS, '{}');
    } finally {
      await close(server);
    }

    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toContain("'truecaller-web-login/node'");
  });
});
