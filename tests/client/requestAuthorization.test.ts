import {
  type CountryCode,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidPhoneNumberError,
  type RequestAuthorizationParams,
  RequestPendingError,
  ServerError,
  UnexpectedResponseError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import {
  FORBIDDEN_JSON,
  INVALID_CREDENTIALS_JSON,
  PHONE_NUMBER,
  REQUEST_ACCEPTED_JSON,
  START_REQUEST_ID,
  STATE,
} from '../fixtures/payloads.js';
import { APP_KEY, httpClient, lockingClient, rejectionOf } from '../support/client.js';
import { mockEndpoint, mockRequestsEndpoint, reply, useMswServer } from '../support/msw.js';

useMswServer();

const accepted = reply.text(REQUEST_ACCEPTED_JSON);

describe('the request Truecaller receives', () => {
  test('is a POST to the documented endpoint by default', async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient().requestAuthorization({ phoneNumber: '+46761234567' });

    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]?.method).toBe('POST');
    expect(endpoint.requests[0]?.url).toBe('https://api4.truecaller.com/v1/apps/requests');
  });

  test('goes to `requestsUrl` when one is configured', async () => {
    const custom = mockEndpoint('post', 'https://sandbox.example.test/v1/apps/requests', accepted);

    await httpClient({ requestsUrl: 'https://sandbox.example.test/v1/apps/requests' }).requestAuthorization({
      phoneNumber: '+46761234567',
    });

    expect(custom.requests).toHaveLength(1);
  });

  test('carries the appKey in the `appKey` header and declares a JSON body', async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient().requestAuthorization({ phoneNumber: '+46761234567' });

    const headers = endpoint.requests[0]?.headers;
    expect(headers?.get('appKey')).toBe(APP_KEY);
    expect(headers?.get('content-type')).toMatch(/^application\/json\b/);
    expect(headers?.has('authorization')).toBe(false);
  });

  test('sends the number as a JSON number of E.164 digits, and no `state` when none is given', async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient().requestAuthorization({ phoneNumber: '+46761234567' });

    expect(endpoint.requests[0]?.body).toBe('{"phoneNumber":46761234567}');
  });

  test('sends `state` when one is given', async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient().requestAuthorization({ phoneNumber: '+46761234567', state: STATE });

    expect(JSON.parse(endpoint.requests[0]?.body ?? '')).toStrictEqual({ phoneNumber: 46761234567, state: STATE });
    expect(endpoint.requests[0]?.body).toMatch(/"phoneNumber":46761234567[,}]/);
  });

  test.each<[string, RequestAuthorizationParams]>([
    ['international format with spaces', { phoneNumber: '+46 76 123 45 67' }],
    ['the 00 international prefix', { phoneNumber: '0046761234567' }],
    ['E.164 digits without +', { phoneNumber: '46761234567' }],
    ['a JS number', { phoneNumber: 46761234567 }],
    ['national format with a per-call country', { phoneNumber: '076-123 45 67', defaultCountry: 'SE' }],
  ])('accepts %s and sends 46761234567', async (_label, params) => {
    const endpoint = mockRequestsEndpoint(accepted);

    const result = await httpClient().requestAuthorization(params);

    expect(result.phoneNumber).toBe(PHONE_NUMBER);
    expect(endpoint.requests[0]?.body).toBe('{"phoneNumber":46761234567}');
  });

  test("reads national format with the client's `defaultCountry`", async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient({ defaultCountry: 'SE' }).requestAuthorization({ phoneNumber: '076-123 45 67' });

    expect(endpoint.requests[0]?.body).toBe('{"phoneNumber":46761234567}');
  });

  test("a per-call `defaultCountry` overrides the client's", async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    await httpClient({ defaultCountry: 'IN' }).requestAuthorization({
      phoneNumber: '076-123 45 67',
      defaultCountry: 'SE',
    });

    expect(endpoint.requests[0]?.body).toBe('{"phoneNumber":46761234567}');
  });
});

describe('what it resolves with', () => {
  test("Truecaller's requestId and the normalized number, without `state` when none was given", async () => {
    mockRequestsEndpoint(accepted);

    const result = await httpClient().requestAuthorization({ phoneNumber: '+46 76 123 45 67' });

    expect(result).toStrictEqual({ requestId: START_REQUEST_ID, phoneNumber: PHONE_NUMBER });
  });

  test('the state, when one was given', async () => {
    mockRequestsEndpoint(reply.json({ requestId: 'vXbyFPwqiCAHZyxAldA9M9DDXKk=' }));

    const result = await httpClient().requestAuthorization({ phoneNumber: '+46761234567', state: STATE });

    expect(result).toStrictEqual({
      requestId: 'vXbyFPwqiCAHZyxAldA9M9DDXKk=',
      phoneNumber: PHONE_NUMBER,
      state: STATE,
    });
  });
});

describe('numbers that cannot sign in are refused before anything is sent', () => {
  test.each<[string, string | number, CountryCode?]>([
    ['too short', '+46 76 123'],
    ['too long', '+46 76 123 45 67 890'],
    ['not a number', 'call me maybe'],
    ['a Swedish landline', '+46 8 123 456 78'],
    ['a landline in national format', '08-123 456 78', 'SE'],
    ['national format without a country', '076-123 45 67'],
    ['an unsafe JS number', 2 ** 60],
    ['a negative JS number', -46761234567],
  ])('%s -> InvalidPhoneNumberError, no request', async (_label, phoneNumber, defaultCountry) => {
    const endpoint = mockRequestsEndpoint(accepted);
    const params: RequestAuthorizationParams =
      defaultCountry === undefined ? { phoneNumber } : { phoneNumber, defaultCountry };

    const error = await rejectionOf(httpClient().requestAuthorization(params));

    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(endpoint.requests).toHaveLength(0);
  });

  test('a phone number that is neither a string nor a number -> InvalidPhoneNumberError, no request', async () => {
    const endpoint = mockRequestsEndpoint(accepted);

    const error = await rejectionOf(
      httpClient().requestAuthorization({ phoneNumber: null } as unknown as RequestAuthorizationParams),
    );

    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect(endpoint.requests).toHaveLength(0);
  });
});

describe("Truecaller's error answers", () => {
  test('403 {"code":1008} -> ForbiddenError with apiCode 1008 and status 403', async () => {
    mockRequestsEndpoint(reply.text(FORBIDDEN_JSON, 403));

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403, apiCode: 1008 });
  });

  test('404 "Invalid partner credentials." -> InvalidCredentialsError', async () => {
    mockRequestsEndpoint(reply.text(INVALID_CREDENTIALS_JSON, 404));

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(InvalidCredentialsError);
    expect(error).toMatchObject({ code: 'invalid_credentials', status: 404, apiCode: 404 });
  });

  test.each([500, 503])('%i -> ServerError with that status, sent once even with retry: 5', async (status) => {
    const endpoint = mockRequestsEndpoint(reply.json({ message: 'oops' }, status, { 'retry-after': '0' }));

    const error = await rejectionOf(httpClient({ retry: 5 }).requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'server_error', status });
    expect(endpoint.requests).toHaveLength(1);
  });

  test('429 -> UnexpectedResponseError with status 429, sent once', async () => {
    const endpoint = mockRequestsEndpoint(reply.status(429, { 'retry-after': '0' }));

    const error = await rejectionOf(httpClient({ retry: 5 }).requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 429 });
    expect(endpoint.requests).toHaveLength(1);
  });

  test('another 4xx -> UnexpectedResponseError carrying that status', async () => {
    mockRequestsEndpoint(reply.json({ code: 400, message: 'Bad request' }, 400));

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 400, apiCode: 400 });
  });

  test.each([
    ['a body that is not JSON', reply.text('<html>OK</html>', 200, 'text/html')],
    ['an empty body', reply.status(200)],
    ['JSON without requestId', reply.json({ id: START_REQUEST_ID })],
    ['a requestId that is not a string', reply.json({ requestId: 92849748 })],
    ['an empty requestId', reply.json({ requestId: '' })],
    ['JSON null', reply.text('null')],
  ])('200 with %s -> UnexpectedResponseError', async (_label, answer) => {
    mockRequestsEndpoint(answer);

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe('the per-number lock (default tracker)', () => {
  test('a second start for the same number while one is pending -> RequestPendingError, no second POST', async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const client = lockingClient();
    await client.requestAuthorization({ phoneNumber: '+46761234567' });

    const error = await rejectionOf(client.requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(RequestPendingError);
    const { retryAfterMs } = error as RequestPendingError;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(300_000);
    expect(endpoint.requests).toHaveLength(1);
  });

  test('the same number typed another way is the same lock', async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const client = lockingClient();
    await client.requestAuthorization({ phoneNumber: '+46 76 123 45 67' });

    const error = await rejectionOf(
      client.requestAuthorization({ phoneNumber: '076-123 45 67', defaultCountry: 'SE' }),
    );

    expect(error).toBeInstanceOf(RequestPendingError);
    expect(endpoint.requests).toHaveLength(1);
  });

  test('two simultaneous starts for one number send exactly one POST', async () => {
    const endpoint = mockRequestsEndpoint(reply.delayed(20, reply.accepted()));
    const client = lockingClient();

    const results = await Promise.allSettled([
      client.requestAuthorization({ phoneNumber: '+46761234567' }),
      client.requestAuthorization({ phoneNumber: '+46761234567' }),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(RequestPendingError);
    expect(endpoint.requests).toHaveLength(1);
  });

  test('the lock is released when the POST fails: the next attempt does POST', async () => {
    const endpoint = mockRequestsEndpoint(reply.status(500), reply.accepted());
    const client = lockingClient();
    await expect(client.requestAuthorization({ phoneNumber: '+46761234567' })).rejects.toBeInstanceOf(ServerError);

    const result = await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(result.requestId).toBe('request-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  test('the lock is released when Truecaller refuses the number (403), so the user may retry', async () => {
    const endpoint = mockRequestsEndpoint(reply.text(FORBIDDEN_JSON, 403));
    const client = lockingClient();
    await expect(client.requestAuthorization({ phoneNumber: '+46761234567' })).rejects.toBeInstanceOf(ForbiddenError);

    await expect(client.requestAuthorization({ phoneNumber: '+46761234567' })).rejects.toBeInstanceOf(ForbiddenError);

    expect(endpoint.requests).toHaveLength(2);
  });

  test("different numbers don't block each other", async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const client = lockingClient();
    await client.requestAuthorization({ phoneNumber: '+46761234567' });

    const second = await client.requestAuthorization({ phoneNumber: '+46701234567' });

    expect(second.phoneNumber).toBe('46701234567');
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a custom `lockTtl` is respected: blocked inside it, free after it', async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const client = lockingClient({ lockTtl: 100 });
    await client.requestAuthorization({ phoneNumber: '+46761234567' });

    const blocked = await rejectionOf(client.requestAuthorization({ phoneNumber: '+46761234567' }));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const again = await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(blocked).toBeInstanceOf(RequestPendingError);
    expect((blocked as RequestPendingError).retryAfterMs).toBeLessThanOrEqual(100);
    expect(again.requestId).toBe('request-2');
    expect(endpoint.requests).toHaveLength(2);
  });

  test('with `tracker: false` nothing is locked: each start POSTs', async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const client = httpClient();

    await client.requestAuthorization({ phoneNumber: '+46761234567' });
    await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(endpoint.requests).toHaveLength(2);
  });
});
