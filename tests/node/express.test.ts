// examples/express/server.ts on a real Express 5 server: the raw body reaches the SDK, whatever a framework
// would have made of it.
import { createServer } from 'node:http';
import express from 'express';
import { toExpressHandler } from 'truecaller-web-login/node';
import { describe, expect, test } from 'vitest';
import { createExpressApp } from '../../examples/express/server.js';
import { CALLBACK_SECRET, newClient, routesFor, useFakeTruecaller } from '../routes/support.js';
import { allowRealRequests } from '../support/msw.js';
import { Browser, close, EXAMPLE_PATHS, listen, postCallback, signInOverHttp, useServed } from './support.js';

const truecaller = useFakeTruecaller();
const app = useServed(() => createServer(createExpressApp({ client: newClient(), callbackSecret: CALLBACK_SECRET })));

describe('the Express example', () => {
  test('signs a user in, and /me (behind express.json()) knows the user', async () => {
    const { browser, callback, completed } = await signInOverHttp(app.base(), truecaller, EXAMPLE_PATHS);

    expect(callback.status).toBe(204);
    expect(completed).toEqual({ status: 'completed', name: 'Rajat Kapoor' });
    expect(await (await browser.fetch('/me')).json()).toEqual({ phoneNumber: '46761234567', name: 'Rajat Kapoor' });
  });

  test.each([
    ['malformed JSON sent as JSON', '{"requestId":', 'application/json'],
    ['a body with no content type', '{"requestId":"r"}', null],
  ])('answers %s with the SDK’s JSON 400, not an Express error page', async (_, body, contentType) => {
    const response = await postCallback(app.base(), EXAMPLE_PATHS, body, { contentType });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_callback' });
  });

  test('the rest of the app keeps its JSON parser', async () => {
    const response = await new Browser(app.base()).postJson('/echo', { a: 1 });

    expect(await response.json()).toEqual({ received: { a: 1 } });
  });
});

describe('toExpressHandler', () => {
  test('passes a TypeError to next() when a body parser read the body first', async () => {
    const routes = routesFor(newClient());
    const errors: unknown[] = [];
    const parsedFirst = express();
    parsedFirst.use(express.json());
    parsedFirst.post('/truecaller/callback/:secret', toExpressHandler(routes.callback));
    parsedFirst.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(error);
      res.status(500).end();
    });
    const server = createServer(parsedFirst);
    const base = await listen(server);
    allowRealRequests(`${base}/*`);
    try {
      const response = await postCallback(base, EXAMPLE_PATHS, JSON.stringify({ requestId: 'r', accessToken: 't' }));

      expect(response.status).toBe(500);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect((errors[0] as Error).message).toMatch(/body parser.*before the Truecaller route/);
    } finally {
      await close(server);
    }
  });

  test('works under a mounted router (the secret is checked on the whole URL)', async () => {
    const routes = routesFor(newClient());
    const router = express.Router();
    router.post('/callback/:secret', toExpressHandler(routes.callback));
    const mounted = express();
    mounted.use('/truecaller', router);
    const server = createServer(mounted);
    const base = await listen(server);
    allowRealRequests(`${base}/*`);
    try {
      const known = await postCallback(base, EXAMPLE_PATHS, '{"requestId":"r","accessToken":"t"}');
      const wrong = await postCallback(base, EXAMPLE_PATHS, '{}', { secret: 'another-secret-0123456789' });

      expect(await known.json()).toMatchObject({ error: 'unknown_request' });
      expect(wrong.status).toBe(404);
    } finally {
      await close(server);
    }
  });
});
