// The start call as Truecaller documents it: POST …/v1/apps/requests with the appKey header and a JSON number.
import { inspect } from 'node:util';
import { ForbiddenError, InvalidCredentialsError, TruecallerClient } from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { describe, expect, test } from 'vitest';
import {
  FORBIDDEN_JSON,
  INVALID_CREDENTIALS_JSON,
  PHONE_NUMBER,
  REQUESTS_ENDPOINT,
  STATE,
} from '../fixtures/payloads.js';

const APP_KEY = 'simulator-start-key';

function startCall(
  simulator: TruecallerSimulator,
  body: string,
  headers: Record<string, string> = { appKey: APP_KEY },
) {
  return simulator.fetch(REQUESTS_ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
}

describe('a known number', () => {
  test('is answered 200 with an opaque requestId, different on every call', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, decision: 'ignore' }],
    });

    const first = await startCall(simulator, '{"phoneNumber":46761234567}');
    const second = await startCall(simulator, '{"phoneNumber":46761234567}');

    expect(first.status).toBe(200);
    const { requestId } = (await first.json()) as { requestId: string };
    expect(requestId).toMatch(/^[A-Za-z0-9+/]{27}=$/); // like Truecaller's `vXbyFPwqiCAHZyxAldA9M9DDXKk=`
    expect(((await second.json()) as { requestId: string }).requestId).not.toBe(requestId);
  });

  test('works with the real client, which gets the requestId back', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, decision: 'ignore' }],
    });
    const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });

    const { requestId } = await client.requestAuthorization({ phoneNumber: '+46 76 123 45 67', state: STATE });

    expect(requestId).toHaveLength(28);
    expect(simulator.requests).toMatchObject([
      {
        endpoint: 'requests',
        method: 'POST',
        url: REQUESTS_ENDPOINT,
        headers: { appkey: APP_KEY },
        body: { phoneNumber: 46761234567, state: STATE },
        text: `{"phoneNumber":46761234567,"state":"${STATE}"}`,
      },
    ]);
  });
});

describe('Truecaller refusals, with the documented bodies', () => {
  test('an unknown number -> 403 {"code":1008,…}, which the client reports as ForbiddenError', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: [{ phoneNumber: '46701234567' }] });

    const response = await startCall(simulator, '{"phoneNumber":46761234567}');

    expect(response.status).toBe(403);
    expect(await response.text()).toBe(FORBIDDEN_JSON);
    const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      constructor: ForbiddenError,
      apiCode: 1008,
    });
  });

  test.each([
    ['another appKey', { appKey: 'not-the-key' }],
    ['no appKey header', {}],
  ])('%s -> 404 {"code":404,"message":"Invalid partner credentials."}', async (_name, headers) => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const response = await startCall(simulator, '{"phoneNumber":46761234567}', headers);

    expect(response.status).toBe(404);
    expect(await response.text()).toBe(INVALID_CREDENTIALS_JSON);
  });

  test('the client maps the 404 to InvalidCredentialsError', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const client = new TruecallerClient({ appKey: 'wrong-key', fetch: simulator.fetch, tracker: false });

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
  });

  test.each([
    ['the number as a string (documented as a Long)', '{"phoneNumber":"46761234567"}'],
    ['no number', '{"state":"s"}'],
    ['a state that is not a string', '{"phoneNumber":46761234567,"state":7}'],
    ['a body that is not JSON', 'phoneNumber=46761234567'],
    ['a fractional number', '{"phoneNumber":4676123456.7}'],
  ])('%s -> 400, and no prompt', async (_name, body) => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: () => undefined });

    const response = await startCall(simulator, body);
    await simulator.settled();

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 400, message: 'Bad Request' });
    expect(simulator.callbacks).toEqual([]);
  });

  test('a GET -> 405', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const response = await simulator.fetch(REQUESTS_ENDPOINT, { headers: { appKey: APP_KEY } });

    expect(response.status).toBe(405);
  });
});

describe('who the simulator knows', () => {
  test('without `users`, every number is a user who approves', async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: (body) => bodies.push(body) });

    const response = await startCall(simulator, '{"phoneNumber":919999999999}');
    await simulator.settled();

    expect(response.status).toBe(200);
    expect(bodies).toEqual([{ requestId: expect.any(String), accessToken: expect.any(String) }]);
  });

  test('`users` as a function describes any number; undefined refuses it', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: (phoneNumber) => (phoneNumber.startsWith('46') ? { decision: 'ignore' } : undefined),
    });

    expect((await startCall(simulator, '{"phoneNumber":46761234567}')).status).toBe(200);
    expect((await startCall(simulator, '{"phoneNumber":919999999999}')).status).toBe(403);
  });

  test('a `users` function returning an invalid user is a TypeError at the start call, naming the field', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: () => ({ decision: 'maybe' as 'approve' }),
    });

    await expect(startCall(simulator, '{"phoneNumber":46761234567}')).rejects.toThrow(/`decision` must be one of/);
  });

  test('repeated start calls for a number are each accepted (Truecaller advises partners to lock; it does not refuse)', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, decision: 'ignore' }],
    });

    const statuses = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await startCall(simulator, '{"phoneNumber":46761234567}')).status);

    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe('options', () => {
  test.each([
    ['no options', undefined, /options object/],
    ['no appKey', {}, /`appKey` option is required/],
    ['both callback targets', { appKey: 'k', callbackUrl: 'http://127.0.0.1/cb', onCallback: () => 1 }, /not both/],
    ['a relative callbackUrl', { appKey: 'k', callbackUrl: '/callback' }, /`callbackUrl` must be an absolute URL/],
    ['a number with +', { appKey: 'k', users: [{ phoneNumber: '+46761234567' }] }, /E\.164 digits without '\+'/],
    ['an unknown decision', { appKey: 'k', users: [{ phoneNumber: '46761234567', decision: 'no' }] }, /`decision`/],
    ['a negative tokenTtl', { appKey: 'k', tokenTtl: -1 }, /`tokenTtl`/],
    ['a fractional decisionDelay', { appKey: 'k', decisionDelay: 1.5 }, /`decisionDelay`/],
    [
      'an ftp requestsUrl',
      { appKey: 'k', requestsUrl: 'ftp://example.test/x' },
      /`requestsUrl` must be an http\(s\) URL/,
    ],
  ])('%s -> TypeError naming it', (_name, options, message) => {
    expect(() => new TruecallerSimulator(options as never)).toThrow(message);
  });

  test('errors about options never contain the appKey', () => {
    const secret = 'SECRET-APP-KEY-123';

    const error = (() => {
      try {
        new TruecallerSimulator({ appKey: secret, tokenTtl: 0 });
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error?.message).toBeDefined();
    expect(error?.message).not.toContain(secret);
  });

  test('printing or serializing a simulator shows no appKey, token or number', async () => {
    const secret = 'SECRET-APP-KEY-456';
    const simulator = new TruecallerSimulator({ appKey: secret });
    const token = simulator.issueToken(PHONE_NUMBER);
    await startCall(simulator, '{"phoneNumber":46761234567}', { appKey: secret });

    const printed = `${inspect(simulator, { depth: 10 })} ${JSON.stringify(simulator)} ${String(simulator)}`;

    for (const hidden of [secret, token, PHONE_NUMBER]) expect(printed).not.toContain(hidden);
  });
});
