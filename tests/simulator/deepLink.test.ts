// Mobile web: the page opens Truecaller's deep link; the simulated phone checks it and calls back with the nonce.
import { createRequestNonce, TruecallerClient } from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { describe, expect, test } from 'vitest';
import { NONEU_PROFILE_ENDPOINT } from '../fixtures/payloads.js';

const APP_KEY = 'simulator-deeplink-key';
const NUMBER = '919999999999';

function link(params: Record<string, string>): string {
  const query = new URLSearchParams({
    type: 'btmsheet',
    partnerKey: APP_KEY,
    partnerName: 'Shop',
    lang: 'en',
    ...params,
  });
  return `truecallersdk://truesdk/web_verify?${query}`;
}

describe('openDeepLink', () => {
  test('a whole mobile-web sign-in: nonce as requestId, the regional endpoint, no state', async () => {
    const client: TruecallerClient = new TruecallerClient({
      appKey: APP_KEY,
      fetch: (input, init) => simulator.fetch(input, init),
    });
    const simulator: TruecallerSimulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: NUMBER, endpoint: NONEU_PROFILE_ENDPOINT }],
      onCallback: (body) => client.handleCallback(body),
    });
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, state: 'session-1' });

    expect(simulator.openDeepLink(link({ requestNonce: requestId }), { phoneNumber: NUMBER })).toBe(requestId);
    await simulator.settled();
    const result = await client.completeSignIn(requestId, { state: 'session-1' });

    expect(simulator.callbacks[0]?.body).toEqual({
      requestId,
      accessToken: expect.any(String),
      endpoint: NONEU_PROFILE_ENDPOINT,
    });
    expect(simulator.callbacks[0]?.flow).toBe('mobile-web');
    expect(result).toMatchObject({ status: 'completed', phoneNumber: NUMBER, profile: { isActive: true } });
    expect(simulator.requests.map((request) => request.url)).toEqual([NONEU_PROFILE_ENDPOINT]);
  });

  test('a declining user: {requestId, status} without state', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: NUMBER, decision: 'user_rejected' }],
    });

    simulator.openDeepLink(link({ requestNonce: 'nonce-0001' }), { phoneNumber: NUMBER });
    await simulator.settled();

    expect(simulator.callbacks[0]?.body).toEqual({ requestId: 'nonce-0001', status: 'user_rejected' });
  });

  test("an 'ignore' user waits for decide()", async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: NUMBER, decision: 'ignore' }],
    });
    const requestId = simulator.openDeepLink(link({ requestNonce: 'nonce-0002' }), { phoneNumber: NUMBER });
    await simulator.settled();
    expect(simulator.callbacks).toEqual([]);

    simulator.decide(requestId, 'approve');
    await simulator.settled();

    expect(simulator.callbacks).toHaveLength(1);
  });

  test.each([
    ['another scheme', 'https://truesdk/web_verify?requestNonce=nonce-0003', /truecallersdk:\/\/truesdk\/web_verify/],
    ['not a URL', 'nonsense', /not a URL/],
    ['a nonce of 7 characters', link({ requestNonce: '1234567' }), /8 to 64 characters/],
    ['a nonce of 65 characters', link({ requestNonce: 'n'.repeat(65) }), /8 to 64 characters/],
    ['no partnerName', link({ requestNonce: 'nonce-0004', partnerName: '' }), /partnerName is required/],
    ['another type', link({ requestNonce: 'nonce-0005', type: 'fullscreen' }), /type must be btmsheet/],
  ])('%s -> TypeError', (_name, url, message) => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    expect(() => simulator.openDeepLink(url, { phoneNumber: NUMBER })).toThrow(message);
  });

  test("another app's partnerKey -> TypeError that never shows either key", () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const error = (() => {
      try {
        simulator.openDeepLink(link({ requestNonce: 'nonce-0006', partnerKey: 'OTHER-KEY' }), { phoneNumber: NUMBER });
      } catch (caught) {
        return caught as Error;
      }
    })();

    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(/partnerKey/);
    expect(error?.message).not.toContain('OTHER-KEY');
    expect(error?.message).not.toContain(APP_KEY);
  });

  test('a reused nonce -> TypeError', () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: () => ({ decision: 'ignore' }) });
    simulator.openDeepLink(link({ requestNonce: 'nonce-0007' }), { phoneNumber: NUMBER });

    expect(() => simulator.openDeepLink(link({ requestNonce: 'nonce-0007' }), { phoneNumber: NUMBER })).toThrow(
      /already used/,
    );
  });

  test('a number the simulator does not know -> TypeError with the number masked', () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: [] });

    expect(() => simulator.openDeepLink(link({ requestNonce: 'nonce-0008' }), { phoneNumber: NUMBER })).toThrow(
      '+91*******999',
    );
  });
});
