import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { InvalidCallbackError, parseCallback, safeParseCallback } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { AUTHORIZED_CALLBACK_WITH_ENDPOINT, USER_REJECTED_CALLBACK } from '../fixtures/payloads.js';
import { callbackRequest, newClient, routesFor, startSignIn, useFakeTruecaller } from '../routes/support.js';

const truecaller = useFakeTruecaller();

async function pendingSignIn() {
  const client = newClient();
  const { requestId } = await startSignIn(routesFor(client));
  return { client, requestId, state: truecaller.stateOf(requestId) };
}

describe('handleCallback', () => {
  test('accepts what parseCallback returned, for a rejection too', async () => {
    const { client, requestId, state } = await pendingSignIn();

    const receipt = await client.handleCallback(parseCallback({ requestId, status: 'user_rejected', state }));

    expect(receipt).toEqual({ requestId, type: 'rejected', duplicate: false });
  });

  test('accepts a successful safeParseCallback result', async () => {
    const { client, requestId } = await pendingSignIn();

    const receipt = await client.handleCallback(safeParseCallback(truecaller.approval(requestId)));

    expect(receipt).toMatchObject({ requestId, type: 'authorized' });
  });

  test('throws the error of a failed safeParseCallback result', async () => {
    const { client } = await pendingSignIn();
    const result = safeParseCallback('{"requestId":');

    await expect(client.handleCallback(result)).rejects.toBe(result.success ? undefined : result.error);
  });

  test('checks a hand-made "parse result" like any body', async () => {
    const { client, requestId, state } = await pendingSignIn();

    await expect(client.handleCallback({ type: 'authorized', requestId, state } as never)).rejects.toBeInstanceOf(
      InvalidCallbackError,
    );
    await expect(client.handleCallback({ success: false, error: { message: 'x' } } as never)).rejects.toBeInstanceOf(
      InvalidCallbackError,
    );
  });

  test('throws a TypeError for a Node IncomingMessage, naming the node adapter', async () => {
    const { client } = await pendingSignIn();
    const req = new IncomingMessage(new Socket());
    req.method = 'POST';

    await expect(client.handleCallback(req as never)).rejects.toThrow(/truecaller-web-login\/node/);
    await expect(client.handleCallback(req as never)).rejects.toBeInstanceOf(TypeError);
  });

  test('throws the same TypeError for a Fastify request (the Node request as `raw`)', async () => {
    const { client } = await pendingSignIn();
    const raw = new IncomingMessage(new Socket());
    raw.method = 'POST';

    await expect(client.handleCallback({ raw, body: {} } as never)).rejects.toBeInstanceOf(TypeError);
  });

  test('answers a JSON body that only looks like a Node request (no functions) as an invalid callback', async () => {
    const { client } = await pendingSignIn();
    const lookalike = { method: 'POST', url: '/', headers: {}, on: 'x', pipe: 'y', raw: { on: 1 } };

    await expect(client.handleCallback(lookalike)).rejects.toBeInstanceOf(InvalidCallbackError);
  });
});

describe('parseCallback of its own output', () => {
  test.each([
    ['an authorized callback with an endpoint', AUTHORIZED_CALLBACK_WITH_ENDPOINT],
    ['a rejection', USER_REJECTED_CALLBACK],
  ])('gives back the same callback for %s', (_, body) => {
    const parsed = parseCallback(body);

    expect(parseCallback(parsed)).toEqual(parsed);
    expect(parseCallback(JSON.stringify(parsed))).toEqual(parsed);
  });

  test.each([
    ['an authorized callback without its token', { type: 'authorized', requestId: 'r' }, 'accessToken'],
    ['a rejection without its reason', { type: 'rejected', requestId: 'r' }, 'reason'],
    ['a rejection with an empty reason', { type: 'rejected', requestId: 'r', reason: '' }, 'reason'],
  ])('refuses %s, naming the field', (_, body, path) => {
    const result = safeParseCallback(body);

    expect(result.success).toBe(false);
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path)).toContain(path);
  });

  test('drops unknown fields of a parsed callback as it does on the wire', () => {
    expect(parseCallback({ type: 'rejected', requestId: 'r', reason: 'user_rejected', extra: 1 })).toEqual({
      type: 'rejected',
      requestId: 'r',
      reason: 'user_rejected',
    });
  });

  test('throws a TypeError for a Node IncomingMessage', () => {
    expect(() => parseCallback(new IncomingMessage(new Socket()))).toThrow(TypeError);
  });
});

describe('the callback route', () => {
  test('is the same reader: a Request carrying a parsed callback as JSON is accepted', async () => {
    const client = newClient();
    const routes = routesFor(client);
    const { requestId } = await startSignIn(routes);
    const parsed = parseCallback(truecaller.approval(requestId));

    expect((await routes.callback(callbackRequest(parsed))).status).toBe(204);
  });
});
