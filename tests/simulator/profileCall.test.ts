// The profile call: GET …/v1/default with a bearer token; both published profile shapes; 401 with 40101.
import { InvalidTokenError, TruecallerClient } from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { describe, expect, test } from 'vitest';
import {
  MOBILE_WEB_PROFILE,
  NONEU_PROFILE_ENDPOINT,
  PHONE_NUMBER,
  PROFILE_ENDPOINT,
  UNAUTHORIZED_JSON,
} from '../fixtures/payloads.js';

const APP_KEY = 'simulator-profile-key';

function profileCall(simulator: TruecallerSimulator, token: string, url = PROFILE_ENDPOINT) {
  return simulator.fetch(url, { headers: { authorization: `Bearer ${token}` } });
}

/** A token from a whole start-call sign-in, as the callback delivers it. */
async function approvedToken(simulator: TruecallerSimulator, phoneNumber = PHONE_NUMBER): Promise<string> {
  const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });
  const { requestId } = await client.requestAuthorization({ phoneNumber });
  simulator.decide(requestId, 'approve');
  await simulator.settled();
  const callback = simulator.callbacks.find((each) => each.requestId === requestId);
  return String(callback?.body.accessToken);
}

const ignoring = (extra = {}) =>
  new TruecallerSimulator({ appKey: APP_KEY, users: () => ({ decision: 'ignore' }), ...extra });

describe('the profile shapes', () => {
  test('a start-call sign-in gets the web-login shape: numbers as JSON numbers, `onlineIdentity`', async () => {
    const simulator = ignoring();
    const token = await approvedToken(simulator);

    const response = await profileCall(simulator, token);

    expect(response.status).toBe(200);
    const profile = (await response.json()) as Record<string, unknown>;
    expect(profile).toMatchObject({ phoneNumbers: [46761234567], onlineIdentity: { email: expect.any(String) } });
    expect(profile).not.toHaveProperty('onlineIdentities');
  });

  test('the client reads the default profile and finds the number in it', async () => {
    const simulator = ignoring();
    const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });

    const profile = await client.fetchProfile(await approvedToken(simulator));

    expect(profile.phoneNumbers).toEqual([PHONE_NUMBER]);
    expect(profile.onlineIdentities?.email).toMatch(/@example\.invalid$/);
  });

  test('a deep-link sign-in gets the mobile-web shape: numbers as strings, `onlineIdentities`, isActive "True"', async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: (body) => bodies.push(body) });
    simulator.openDeepLink(
      `truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=nonce-123456&partnerKey=${APP_KEY}&partnerName=Shop&lang=en`,
      { phoneNumber: '919999999999' },
    );
    await simulator.settled();

    const response = await profileCall(simulator, String(bodies[0]?.accessToken));

    const profile = (await response.json()) as Record<string, unknown>;
    expect(profile).toMatchObject({
      phoneNumbers: ['919999999999'],
      onlineIdentities: { email: expect.any(String) },
      isActive: 'True',
      createdTime: expect.stringMatching(/^\d+$/),
    });
    expect(profile).not.toHaveProperty('onlineIdentity');
  });

  test("a user's own profile is answered verbatim", async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: '919999999999', decision: 'ignore', profile: { ...MOBILE_WEB_PROFILE } }],
    });
    const token = await approvedToken(simulator, '919999999999');

    const response = await profileCall(simulator, token);

    expect(await response.json()).toEqual(MOBILE_WEB_PROFILE);
  });
});

describe('401 {"status":40101,"message":"Unauthorized"}', () => {
  test('for a token the simulator never issued, or no bearer token at all', async () => {
    const simulator = ignoring();

    const unknown = await profileCall(simulator, 'never-issued');
    const missing = await simulator.fetch(PROFILE_ENDPOINT);

    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(UNAUTHORIZED_JSON);
    expect(missing.status).toBe(401);
  });

  test('for a token past `tokenTtl` (10 minutes by default), on the simulator clock', async () => {
    let now = 1_750_000_000_000;
    const simulator = ignoring({ now: () => now });
    const token = simulator.issueToken(PHONE_NUMBER);

    now += 600_000;
    const response = await profileCall(simulator, token);

    expect(response.status).toBe(401);
  });

  test('a token used within its ttl works', async () => {
    let now = 1_750_000_000_000;
    const simulator = ignoring({ now: () => now, tokenTtl: 1_000 });
    const token = simulator.issueToken(PHONE_NUMBER);

    now += 999;

    expect((await profileCall(simulator, token)).status).toBe(200);
  });

  test('for a reused token (single use by default), which the client reports as InvalidTokenError', async () => {
    const simulator = ignoring();
    const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });
    const token = simulator.issueToken(PHONE_NUMBER);

    await client.fetchProfile(token);

    await expect(client.fetchProfile(token)).rejects.toMatchObject({ constructor: InvalidTokenError, apiCode: 40101 });
  });

  test('`tokenUses: Infinity` lets a token be reused within its ttl', async () => {
    const simulator = ignoring({ tokenUses: Number.POSITIVE_INFINITY });
    const token = simulator.issueToken(PHONE_NUMBER);

    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await profileCall(simulator, token)).status);

    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe('regions', () => {
  test('a token whose user has an `endpoint` works there and nowhere else, and the callback names it', async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, endpoint: NONEU_PROFILE_ENDPOINT }],
      onCallback: (body) => bodies.push(body),
      tokenUses: Number.POSITIVE_INFINITY,
    });
    const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    await simulator.settled();
    const token = String(bodies[0]?.accessToken);

    expect(bodies[0]?.endpoint).toBe(NONEU_PROFILE_ENDPOINT);
    expect((await profileCall(simulator, token, PROFILE_ENDPOINT)).status).toBe(401);
    expect((await profileCall(simulator, token, NONEU_PROFILE_ENDPOINT)).status).toBe(200);
    expect((await client.fetchProfile(token, { endpoint: NONEU_PROFILE_ENDPOINT })).phoneNumbers).toEqual([
      PHONE_NUMBER,
    ]);
  });

  test('a token of the default region is refused by a regional host', async () => {
    const simulator = ignoring();

    const response = await profileCall(simulator, simulator.issueToken(PHONE_NUMBER), NONEU_PROFILE_ENDPOINT);

    expect(response.status).toBe(401);
  });

  test('`strictRegions: false` lets every profile URL accept every token', async () => {
    const simulator = ignoring({ strictRegions: false });

    const response = await profileCall(simulator, simulator.issueToken(PHONE_NUMBER), NONEU_PROFILE_ENDPOINT);

    expect(response.status).toBe(200);
  });

  test('a POST to the profile URL -> 405', async () => {
    const simulator = ignoring();

    const response = await simulator.fetch(PROFILE_ENDPOINT, { method: 'POST' });

    expect(response.status).toBe(405);
  });
});

describe('issueToken', () => {
  test("with a `profile`, the profile call answers it verbatim (e.g. someone else's profile)", async () => {
    const simulator = ignoring();
    const profile = { phoneNumbers: [46701234567], name: { first: 'Someone', last: 'Else' } };

    const response = await profileCall(simulator, simulator.issueToken({ profile }));

    expect(await response.json()).toEqual(profile);
  });

  test('a token is 64 URL-safe characters', () => {
    expect(ignoring().issueToken(PHONE_NUMBER)).toMatch(/^[A-Za-z0-9_-]{64}$/);
  });

  test.each([
    ['neither a number nor a profile', {}],
    ['a malformed number', '0046'],
    ['a profile that is an array', { profile: [] as never }],
  ])('%s -> TypeError', (_name, grant) => {
    expect(() => ignoring().issueToken(grant)).toThrow(TypeError);
  });
});
