import {
  InvalidTokenError,
  NetworkError,
  ServerError,
  UnexpectedResponseError,
  UntrustedEndpointError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import {
  ACCESS_TOKEN,
  MOBILE_WEB_PROFILE,
  MOBILE_WEB_PROFILE_JSON,
  NONEU_PROFILE_ENDPOINT,
  NORMALIZED_MOBILE_WEB_PROFILE,
  NORMALIZED_WEB_LOGIN_PROFILE,
  PROFILE_ENDPOINT,
  UNAUTHORIZED_JSON,
  WEB_LOGIN_PROFILE,
  WEB_LOGIN_PROFILE_JSON,
} from '../fixtures/payloads.js';
import { APP_KEY, httpClient, rejectionOf } from '../support/client.js';
import { mockEndpoint, mockProfileEndpoint, reply, useMswServer } from '../support/msw.js';

useMswServer();

describe('the request Truecaller receives', () => {
  test('is a GET to the documented profile URL with `Authorization: Bearer <token>`', async () => {
    const endpoint = mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));

    await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]?.method).toBe('GET');
    expect(endpoint.requests[0]?.url).toBe('https://profile4.truecaller.com/v1/default');
    expect(endpoint.requests[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  test('never carries the appKey: the profile host only needs the token', async () => {
    const endpoint = mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));

    await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(endpoint.requests[0]?.headers.has('appKey')).toBe(false);
    expect([...(endpoint.requests[0]?.headers.values() ?? [])].join(' ')).not.toContain(APP_KEY);
  });

  test('goes to `profileUrl` when one is configured', async () => {
    const custom = mockEndpoint('get', 'https://profile.example.test/v1/default', reply.text(WEB_LOGIN_PROFILE_JSON));

    await httpClient({ profileUrl: 'https://profile.example.test/v1/default' }).fetchProfile(ACCESS_TOKEN);

    expect(custom.requests).toHaveLength(1);
  });
});

describe('the profile it resolves with', () => {
  test('normalizes the web-login sample (numeric phone numbers, singular onlineIdentity)', async () => {
    mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile).toStrictEqual({ ...NORMALIZED_WEB_LOGIN_PROFILE, raw: WEB_LOGIN_PROFILE });
  });

  test('normalizes the mobile-web sample (string numbers, "True", string times, plural onlineIdentities)', async () => {
    mockProfileEndpoint(reply.text(MOBILE_WEB_PROFILE_JSON));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile).toStrictEqual({ ...NORMALIZED_MOBILE_WEB_PROFILE, raw: MOBILE_WEB_PROFILE });
  });

  test('merges onlineIdentity and onlineIdentities when a body has both', async () => {
    mockProfileEndpoint(
      reply.json({
        phoneNumbers: [46761234567],
        onlineIdentity: { email: 'a@example.invalid' },
        onlineIdentities: { url: 'https://example.invalid' },
      }),
    );

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile.onlineIdentities).toStrictEqual({ email: 'a@example.invalid', url: 'https://example.invalid' });
  });

  test('reads isActive false and a numeric createdTime as they are', async () => {
    mockProfileEndpoint(reply.json({ phoneNumbers: ['46761234567'], isActive: 'False', createdTime: 1379314068000 }));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile.isActive).toBe(false);
    expect(profile.createdTime).toBe(1379314068000);
  });

  test('an empty object is a profile with no phone numbers, and `raw` is that object', async () => {
    mockProfileEndpoint(reply.json({}));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile).toStrictEqual({ phoneNumbers: [], raw: {} });
  });
});

describe("Truecaller's error answers", () => {
  test('401 {"status":40101} -> InvalidTokenError with apiCode 40101, not retried', async () => {
    const endpoint = mockProfileEndpoint(reply.text(UNAUTHORIZED_JSON, 401));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: 'invalid_token', status: 401, apiCode: 40101 });
    expect(endpoint.requests).toHaveLength(1);
  });

  test('404 on the profile call is an UnexpectedResponseError (only the start call maps 404 to credentials)', async () => {
    mockProfileEndpoint(reply.json({ code: 404, message: 'Not found' }, 404));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 404 });
  });

  test('5xx is retried `retry` times (default 2: three requests), then ServerError', async () => {
    const endpoint = mockProfileEndpoint(reply.status(500));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 500 });
    expect(endpoint.requests).toHaveLength(3);
  });

  test('`retry: 0` sends exactly one request', async () => {
    const endpoint = mockProfileEndpoint(reply.status(502));

    const error = await rejectionOf(httpClient({ retry: 0 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toMatchObject({ name: 'ServerError', status: 502 });
    expect(endpoint.requests).toHaveLength(1);
  });

  test('503 then 200 succeeds on the retry', async () => {
    const endpoint = mockProfileEndpoint(reply.status(503), reply.text(MOBILE_WEB_PROFILE_JSON));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['919999999999']);
    expect(endpoint.requests).toHaveLength(2);
  });

  test('429 is retried, and a 200 after it succeeds', async () => {
    const endpoint = mockProfileEndpoint(
      reply.status(429, { 'retry-after': '0' }),
      reply.text(MOBILE_WEB_PROFILE_JSON),
    );

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN);

    expect(profile.name).toStrictEqual({ first: 'Rajat', last: 'Kapoor' });
    expect(endpoint.requests).toHaveLength(2);
  });

  test('429 on every attempt -> UnexpectedResponseError with status 429 after `retry` retries', async () => {
    const endpoint = mockProfileEndpoint(reply.status(429, { 'retry-after': '0' }));

    const error = await rejectionOf(httpClient({ retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 429 });
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a network error is retried, then NetworkError with a cause', async () => {
    const endpoint = mockProfileEndpoint(reply.networkError());

    const error = await rejectionOf(httpClient({ retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(Error);
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a network error, then 401 on the retry -> NetworkError, with the InvalidTokenError as its cause', async () => {
    // A connection lost after the request went out may have spent the single-use token.
    const endpoint = mockProfileEndpoint(reply.networkError(), reply.text(UNAUTHORIZED_JSON, 401));

    const error = await rejectionOf(httpClient({ retry: 2 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(InvalidTokenError);
    expect((error as NetworkError).cause).toMatchObject({ apiCode: 40101 });
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a network error then a 200 succeeds', async () => {
    const endpoint = mockProfileEndpoint(reply.networkError(), reply.text(WEB_LOGIN_PROFILE_JSON));

    const profile = await httpClient({ retry: 1 }).fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['467601234567']);
    expect(endpoint.requests).toHaveLength(2);
  });

  test.each([
    ['an array', '[]'],
    ['a string', '"profile"'],
    ['null', 'null'],
    ['a number', '42'],
  ])('200 with JSON that is %s -> UnexpectedResponseError', async (_label, body) => {
    mockProfileEndpoint(reply.text(body));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  test.each([200, 204])(
    '%i without a body -> UnexpectedResponseError with that status, not retried',
    async (status) => {
      const endpoint = mockProfileEndpoint(reply.status(status));

      const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(error).toMatchObject({ status });
      expect(endpoint.requests).toHaveLength(1);
    },
  );

  test('200 with a body that is not JSON -> UnexpectedResponseError', async () => {
    mockProfileEndpoint(reply.text('<html>Sign in</html>', 200, 'text/html'));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });
});

describe("the callback's `endpoint`", () => {
  test('a regional Truecaller profile URL is used instead of the default', async () => {
    const regional = mockEndpoint('get', NONEU_PROFILE_ENDPOINT, reply.text(MOBILE_WEB_PROFILE_JSON));

    await httpClient().fetchProfile(ACCESS_TOKEN, { endpoint: NONEU_PROFILE_ENDPOINT });

    expect(regional.requests).toHaveLength(1);
    expect(regional.requests[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  test.each([
    ['without a path', 'https://profile4.truecaller.com'],
    ['with the path /', 'https://profile4.truecaller.com/'],
  ])('the bare profile host %s is fetched at /v1/default, where the profile is', async (_label, endpoint) => {
    const profileHandler = mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));
    const root = mockEndpoint('get', 'https://profile4.truecaller.com/', reply.json({ status: 'ok' }));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN, { endpoint });

    expect(profile.phoneNumbers).toStrictEqual(['467601234567']);
    expect(profileHandler.requests.map((request) => request.url)).toStrictEqual([PROFILE_ENDPOINT]);
    expect(root.requests).toHaveLength(0);
  });

  test('a bare regional host is fetched at /v1/default on that host, with the token', async () => {
    const regional = mockEndpoint('get', NONEU_PROFILE_ENDPOINT, reply.text(MOBILE_WEB_PROFILE_JSON));

    const profile = await httpClient().fetchProfile(ACCESS_TOKEN, {
      endpoint: 'https://profile4-noneu.truecaller.com',
    });

    expect(profile.phoneNumbers).toStrictEqual(['919999999999']);
    expect(regional.requests).toHaveLength(1);
    expect(regional.requests[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  test('a bare host that is not trusted is still refused, and nothing is sent', async () => {
    const anywhere = mockEndpoint('get', '*', reply.text(WEB_LOGIN_PROFILE_JSON));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN, { endpoint: 'https://evil.example' }));

    expect(error).toBeInstanceOf(UntrustedEndpointError);
    expect(anywhere.requests).toHaveLength(0);
  });

  test.each([
    ['plain http', 'http://profile4.truecaller.com/v1/default'],
    ['another host', 'https://evil.example/v1/default'],
    ['a lookalike suffix', 'https://profile4.truecaller.com.evil.example/v1/default'],
    ['a lookalike prefix', 'https://evilprofile4.truecaller.com/v1/default'],
    ['a lookalike domain', 'https://profile4.truecaIler.com/v1/default'],
    ['a homograph (Cyrillic a)', 'https://profile4.truec\u0430ller.com/v1/default'],
    ['another Truecaller host', 'https://api4.truecaller.com/v1/default'],
    ['credentials before the host', 'https://profile4.truecaller.com@evil.example/v1/default'],
    ['credentials on the trusted host', 'https://user:pass@profile4.truecaller.com/v1/default'],
    ['a non-default port', 'https://profile4.truecaller.com:8443/v1/default'],
    ['not a URL', 'profile4.truecaller.com/v1/default'],
  ])('%s -> UntrustedEndpointError, and no request is sent anywhere', async (_label, endpoint) => {
    const anywhere = mockEndpoint('get', '*', reply.text(WEB_LOGIN_PROFILE_JSON));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN, { endpoint }));

    expect(error).toBeInstanceOf(UntrustedEndpointError);
    expect(anywhere.requests).toHaveLength(0);
  });

  test('custom `trustedProfileHosts` replace the defaults', async () => {
    const custom = mockEndpoint('get', 'https://profile.example.test/v1/default', reply.text(WEB_LOGIN_PROFILE_JSON));
    const client = httpClient({ trustedProfileHosts: ['profile.example.test'] });

    await client.fetchProfile(ACCESS_TOKEN, { endpoint: 'https://profile.example.test/v1/default' });
    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN, { endpoint: NONEU_PROFILE_ENDPOINT }));

    expect(custom.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(UntrustedEndpointError);
  });

  test('a RegExp in `trustedProfileHosts` matches hostnames', async () => {
    const custom = mockEndpoint('get', 'https://eu2.profiles.example.test/v1/default', reply.json({}));
    const client = httpClient({ trustedProfileHosts: [/^[a-z0-9]+\.profiles\.example\.test$/] });

    await client.fetchProfile(ACCESS_TOKEN, { endpoint: 'https://eu2.profiles.example.test/v1/default' });

    expect(custom.requests).toHaveLength(1);
  });
});

describe('redirects are never followed with the token', () => {
  test('a 302 to another host -> UnexpectedResponseError status 302; the target receives nothing', async () => {
    const origin = mockProfileEndpoint(
      reply.status(302, { location: 'https://collector.example.test/steal' }),
      reply.text(WEB_LOGIN_PROFILE_JSON),
    );
    const target = mockEndpoint('get', 'https://collector.example.test/steal', reply.text(WEB_LOGIN_PROFILE_JSON));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 302 });
    expect(target.requests).toHaveLength(0);
    expect(origin.requests).toHaveLength(1);
  });

  test('a 307 from a regional endpoint is not followed either', async () => {
    mockEndpoint(
      'get',
      NONEU_PROFILE_ENDPOINT,
      reply.status(307, { location: 'https://collector.example.test/steal' }),
    );
    const target = mockEndpoint('get', 'https://collector.example.test/steal', reply.text(WEB_LOGIN_PROFILE_JSON));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN, { endpoint: NONEU_PROFILE_ENDPOINT }));

    expect(error).toMatchObject({ name: 'UnexpectedResponseError', status: 307 });
    expect(target.requests).toHaveLength(0);
  });
});

describe('the access token argument', () => {
  test.each([
    ['empty', ''],
    ['not a string', 12345],
    ['undefined', undefined],
    ['longer than any token', 'x'.repeat(2049)],
  ])('%s -> TypeError, nothing sent', async (_label, token) => {
    const anywhere = mockEndpoint('get', '*', reply.text(WEB_LOGIN_PROFILE_JSON));

    const error = await rejectionOf(httpClient().fetchProfile(token as string));

    expect(error).toBeInstanceOf(TypeError);
    expect(anywhere.requests).toHaveLength(0);
  });
});
