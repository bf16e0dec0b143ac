// examples/hono/app.ts for real: on Node through @hono/node-server over loopback HTTP, and in-process through
// app.fetch, which is how Bun, Deno and Workers call it.

import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createHonoApp } from '../../examples/hono/app.js';
import { CALLBACK_SECRET, CALLBACK_URL, callbackRequest, newClient, useFakeTruecaller } from '../routes/support.js';
import { allowRealRequests } from '../support/msw.js';
import { EXAMPLE_PATHS, postCallback, signInOverHttp } from './support.js';

const truecaller = useFakeTruecaller();
const app = createHonoApp({ client: newClient(), callbackSecret: CALLBACK_SECRET });
let server: ServerType;
let base: string;
beforeAll(async () => {
  server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => allowRealRequests(`${base}/*`));
afterAll(async () => {
  if ('closeAllConnections' in server) server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the Hono example on @hono/node-server', () => {
  test('signs a user in: page, start, a text/plain callback, status', async () => {
    const { callback, completed } = await signInOverHttp(base, truecaller, EXAMPLE_PATHS);

    expect(callback.status).toBe(204);
    expect(completed).toEqual({ status: 'completed', name: 'Rajat Kapoor' });
  });

  test('answers a malformed callback with the SDK’s 400 invalid_callback', async () => {
    const response = await postCallback(base, EXAMPLE_PATHS, '{"requestId":', { contentType: 'application/json' });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_callback' });
  });
});

describe('the Hono example through app.fetch (Bun, Deno, Workers)', () => {
  test('answers the callback route in-process', async () => {
    const response = await app.fetch(callbackRequest('{"requestId":"r","accessToken":"t"}', { url: CALLBACK_URL }));

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'unknown_request' });
  });
});
