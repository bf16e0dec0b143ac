/**
 * Without msw: proves the `fetch` option and the call-time lookup of `globalThis.fetch` reach a plain function,
 * where no interceptor could be doing the work. This file must not import msw or tests/support/msw.ts.
 */
import { ForbiddenError, TruecallerClient } from 'truecaller-web-login';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  ACCESS_TOKEN,
  FORBIDDEN_JSON,
  MOBILE_WEB_PROFILE_JSON,
  PHONE_NUMBER,
  REQUEST_ACCEPTED_JSON,
  START_REQUEST_ID,
  STATE,
} from '../fixtures/payloads.js';
import { APP_KEY } from '../support/client.js';

interface Seen {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch written by hand: records each request and answers with `respond()`. */
function handWrittenFetch(respond: () => Response) {
  const seen: Seen[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    seen.push({
      method: request.method,
      url: request.url,
      headers: new Headers(request.headers),
      body: await request.text(),
    });
    return respond();
  };
  return { fetch, seen };
}

const json = (body: string, status = 200) =>
  new Response(body, { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the `fetch` option', () => {
  test('receives the start call (method, URL, appKey, JSON body) and its Response is used', async () => {
    const { fetch, seen } = handWrittenFetch(() => json(REQUEST_ACCEPTED_JSON));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch });

    const result = await client.requestAuthorization({ phoneNumber: '+46 76 123 45 67', state: STATE });

    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.url).toBe('https://api4.truecaller.com/v1/apps/requests');
    expect(seen[0]?.headers.get('appkey')).toBe(APP_KEY);
    expect(seen[0]?.headers.get('content-type')).toMatch(/^application\/json\b/);
    expect(seen[0]?.body).toBe(`{"phoneNumber":46761234567,"state":"${STATE}"}`);
    expect(result).toStrictEqual({ requestId: START_REQUEST_ID, phoneNumber: PHONE_NUMBER, state: STATE });
  });

  test('receives the profile call (GET, Bearer token) and its Response is used', async () => {
    const { fetch, seen } = handWrittenFetch(() => json(MOBILE_WEB_PROFILE_JSON));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch });

    const profile = await client.fetchProfile(ACCESS_TOKEN);

    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.url).toBe('https://profile4.truecaller.com/v1/default');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(seen[0]?.headers.has('appkey')).toBe(false);
    expect(profile.name).toStrictEqual({ first: 'Rajat', last: 'Kapoor' });
  });

  test('an error status from it is mapped like any other response', async () => {
    const { fetch } = handWrittenFetch(() => json(FORBIDDEN_JSON, 403));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch });

    await expect(client.requestAuthorization({ phoneNumber: '+46761234567' })).rejects.toBeInstanceOf(ForbiddenError);
  });

  test('a frozen Response from it is read like any other, for a profile and for an error status', async () => {
    // A fetch (a cache, a fixture) may hand out Responses that take no new property.
    const profileFetch = handWrittenFetch(() => Object.freeze(json(MOBILE_WEB_PROFILE_JSON)));
    const errorFetch = handWrittenFetch(() => Object.seal(json(FORBIDDEN_JSON, 403)));

    const profile = await new TruecallerClient({
      appKey: APP_KEY,
      tracker: false,
      fetch: profileFetch.fetch,
    }).fetchProfile(ACCESS_TOKEN);
    const error = await new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: errorFetch.fetch })
      .requestAuthorization({ phoneNumber: '+46761234567' })
      .catch((rejection: unknown) => rejection);

    expect(profile.name).toStrictEqual({ first: 'Rajat', last: 'Kapoor' });
    expect(profileFetch.seen).toHaveLength(1);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ apiCode: 1008 });
  });

  test('is used instead of globalThis.fetch', async () => {
    const globalFetch = vi.fn<typeof fetch>(async () => json(REQUEST_ACCEPTED_JSON));
    vi.stubGlobal('fetch', globalFetch);
    const { fetch, seen } = handWrittenFetch(() => json(REQUEST_ACCEPTED_JSON));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch });

    await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(seen).toHaveLength(1);
    expect(globalFetch).not.toHaveBeenCalled();
  });
});

describe('without a `fetch` option', () => {
  test('globalThis.fetch is looked up at call time: replacing it after construction takes effect', async () => {
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false });
    const { fetch, seen } = handWrittenFetch(() => json(REQUEST_ACCEPTED_JSON));
    vi.stubGlobal('fetch', fetch);

    const result = await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(result.requestId).toBe(START_REQUEST_ID);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.headers.get('appkey')).toBe(APP_KEY);
  });

  test('each call sees the fetch installed at that moment', async () => {
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false });
    const first = handWrittenFetch(() => json(MOBILE_WEB_PROFILE_JSON));
    const second = handWrittenFetch(() => json(MOBILE_WEB_PROFILE_JSON));

    vi.stubGlobal('fetch', first.fetch);
    await client.fetchProfile(ACCESS_TOKEN);
    vi.stubGlobal('fetch', second.fetch);
    await client.fetchProfile(ACCESS_TOKEN);

    expect(first.seen).toHaveLength(1);
    expect(second.seen).toHaveLength(1);
  });
});
