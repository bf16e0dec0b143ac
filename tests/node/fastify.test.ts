// examples/fastify/server.ts on a real Fastify 5 server: the plugin's scope hands the raw body to the SDK,
// the rest of the app keeps Fastify's parsers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createFastifyApp } from '../../examples/fastify/server.js';
import { CALLBACK_SECRET, newClient, useFakeTruecaller } from '../routes/support.js';
import { allowRealRequests } from '../support/msw.js';
import { postCallback, type RoutePaths, signInOverHttp } from './support.js';

const PATHS: RoutePaths = {
  page: '/',
  start: '/truecaller/start',
  callback: '/truecaller/callback/',
  status: '/truecaller/status',
  cancel: '/truecaller/cancel',
};

const truecaller = useFakeTruecaller();
let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = await createFastifyApp({ client: newClient(), callbackSecret: CALLBACK_SECRET });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
beforeEach(() => allowRealRequests(`${base}/*`));
afterAll(() => app.close());

describe('the Fastify example', () => {
  test('signs a user in: page, start, a text/plain callback, status', async () => {
    const { callback, completed } = await signInOverHttp(base, truecaller, PATHS);

    expect(callback.status).toBe(204);
    expect(completed).toEqual({ status: 'completed', name: 'Rajat Kapoor' });
  });

  test('reads a JSON callback sent as application/json too', async () => {
    const { callback } = await signInOverHttp(base, truecaller, PATHS, { callbackContentType: 'application/json' });

    expect(callback.status).toBe(204);
  });

  test.each([
    [
      'malformed JSON sent as JSON (Fastify would answer FST_ERR_CTP_INVALID_JSON)',
      '{"requestId":',
      'application/json',
    ],
    ['an unknown content type (Fastify would answer 415)', '{"requestId":"r"}', 'application/octet-stream'],
    ['a body with no content type', '{"requestId":"r"}', null],
  ])('answers %s with the SDK’s 400 invalid_callback', async (_, body, contentType) => {
    const response = await postCallback(base, PATHS, body, { contentType });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_callback' });
  });

  test('the rest of the app keeps Fastify’s JSON parser', async () => {
    const response = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });

    expect(await response.json()).toEqual({ received: { a: 1 } });
  });

  test('answers the status route’s errors with the SDK’s JSON', async () => {
    const response = await fetch(`${base}${PATHS.status}?requestId=r`);

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'session_required' });
  });
});
