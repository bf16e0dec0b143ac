/**
 * `client.createMobileWebLink`: the link a mobile page opens, registered as a pending sign-in that the usual
 * callback and status steps finish.
 */
import {
  InvalidPhoneNumberError,
  MOBILE_WEB_BUTTON_SHAPES,
  MOBILE_WEB_CTA_PREFIXES,
  MOBILE_WEB_LANGUAGES,
  MOBILE_WEB_LOGIN_PREFIXES,
  MOBILE_WEB_LOGIN_SUFFIXES,
  MOBILE_WEB_SKIP_OPTIONS,
  type MobileWebLinkOptions,
  PhoneNumberMismatchError,
  StateMismatchError,
  TrackerError,
} from 'truecaller-web-login';
import { describe, expect, test, vi } from 'vitest';
import { APP_KEY, linkParameters, mobileWebHarness } from './support.js';

const NONEU_ENDPOINT = 'https://profile4-noneu.truecaller.com/v1/default';

describe('the link', () => {
  test('is a truecallersdk://truesdk/web_verify bottom-sheet link with the nonce, appKey and partner name', async () => {
    const { client } = mobileWebHarness();

    const { url, requestId } = await client.createMobileWebLink({ partnerName: 'Acme', lang: 'hi' });

    expect(url.startsWith('truecallersdk://truesdk/web_verify?')).toBe(true);
    expect(linkParameters(url)).toEqual({
      type: 'btmsheet',
      requestNonce: requestId,
      partnerKey: APP_KEY,
      partnerName: 'Acme',
      lang: 'hi',
    });
  });

  test('separates requestNonce with `&` (the published snippet does not)', async () => {
    const { client } = mobileWebHarness();

    const { url, requestId } = await client.createMobileWebLink({ partnerName: 'Acme' });

    expect(url).toContain(`type=btmsheet&requestNonce=${requestId}&`);
  });

  test('encodes every value, spaces as %20 and a literal + as %2B', async () => {
    const { client } = mobileWebHarness();
    const partnerName = 'Acme & Sons + Co = "Best"?#';
    const privacyUrl = 'https://acme.example/privacy?lang=en&v=2#top';

    const { url } = await client.createMobileWebLink({ partnerName, privacyUrl, ctaColor: '#1E88E5' });

    expect(linkParameters(url)).toMatchObject({ partnerName, privacyUrl, ctaColor: '#1E88E5' });
    expect(url).not.toContain('+');
    expect(url).toContain('partnerName=Acme%20%26%20Sons%20%2B%20Co');
  });

  test('leaves absent options out, so Truecaller applies its defaults', async () => {
    const { client } = mobileWebHarness();

    const { url } = await client.createMobileWebLink({ partnerName: 'Acme', lang: undefined, ttl: undefined });

    expect(Object.keys(linkParameters(url))).toEqual(['type', 'requestNonce', 'partnerKey', 'partnerName']);
  });

  test('carries every documented option', async () => {
    const { client } = mobileWebHarness();
    const options = {
      partnerName: 'Acme',
      lang: 'ta',
      privacyUrl: 'https://acme.example/privacy',
      termsUrl: 'https://acme.example/terms',
      loginPrefix: 'checkout',
      loginSuffix: 'verifymobile',
      ctaPrefix: 'continuewith',
      ctaColor: '#1e88e5',
      ctaTextColor: '#FFFFFFFF',
      btnShape: 'rect',
      skipOption: 'useanothermethod',
      ttl: 60_000,
    } satisfies MobileWebLinkOptions;

    const { url } = await client.createMobileWebLink(options);

    expect(linkParameters(url)).toMatchObject({ ...options, ttl: '60000' });
  });

  test('keeps state and phone number out of the link', async () => {
    const { client } = mobileWebHarness();

    const { url } = await client.createMobileWebLink({
      partnerName: 'Acme',
      state: 'session-state-9f2',
      phoneNumber: '+46761234567',
    });

    expect(url).not.toContain('session-state-9f2');
    expect(url).not.toContain('761234567');
  });

  test('trims the partner name', async () => {
    const { client } = mobileWebHarness();

    const { url } = await client.createMobileWebLink({ partnerName: '  Acme  ' });

    expect(linkParameters(url).partnerName).toBe('Acme');
  });
});

describe('the nonce', () => {
  test('is 8 to 64 URL-safe characters and is the requestId', async () => {
    const { client } = mobileWebHarness();

    const { url, requestId } = await client.createMobileWebLink({ partnerName: 'Acme' });

    expect(requestId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(linkParameters(url).requestNonce).toBe(requestId);
  });

  test('is different for every link', async () => {
    const { client } = mobileWebHarness();

    const ids = await Promise.all(
      Array.from({ length: 200 }, async () => (await client.createMobileWebLink({ partnerName: 'Acme' })).requestId),
    );

    expect(new Set(ids).size).toBe(200);
  });
});

describe('the pending sign-in', () => {
  test('the callback for the nonce and the status poll complete it, with the regional endpoint', async () => {
    const { client, authorize, profileCalls } = mobileWebHarness();
    const { requestId } = await client.createMobileWebLink({ partnerName: 'Acme', state: 'session-1' });

    expect(await client.completeSignIn(requestId, { state: 'session-1' })).toEqual({ status: 'pending' });
    const accessToken = authorize({ phoneNumbers: ['919999999999'], name: { first: 'Rajat', last: 'Kapoor' } });
    await client.handleCallback({ requestId, accessToken, endpoint: NONEU_ENDPOINT });
    const result = await client.completeSignIn(requestId, { state: 'session-1' });

    expect(result).toMatchObject({ status: 'completed', phoneNumber: '919999999999', state: 'session-1' });
    expect(profileCalls).toEqual([NONEU_ENDPOINT]);
  });

  test("another browser's state cannot poll it", async () => {
    const { client } = mobileWebHarness();
    const { requestId } = await client.createMobileWebLink({ partnerName: 'Acme', state: 'session-1' });

    await expect(client.completeSignIn(requestId, { state: 'session-2' })).rejects.toBeInstanceOf(StateMismatchError);
  });

  test('a decline callback ends it as rejected', async () => {
    const { client } = mobileWebHarness();
    const { requestId } = await client.createMobileWebLink({ partnerName: 'Acme' });

    await client.handleCallback({ requestId, status: 'user_rejected' });

    expect(await client.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
  });

  test('with a phone number, only a profile listing that number completes it', async () => {
    const { client, authorize } = mobileWebHarness();
    const { requestId } = await client.createMobileWebLink({ partnerName: 'Acme', phoneNumber: '+46 76 123 45 67' });
    const accessToken = authorize({ phoneNumbers: ['919999999999'] });
    await client.handleCallback({ requestId, accessToken, endpoint: NONEU_ENDPOINT });

    await expect(client.completeSignIn(requestId)).rejects.toBeInstanceOf(PhoneNumberMismatchError);
  });

  test('an invalid phone number is refused and nothing is recorded', async () => {
    const { client, tracker } = mobileWebHarness();
    const register = vi.spyOn(tracker, 'register');

    await expect(client.createMobileWebLink({ partnerName: 'Acme', phoneNumber: '12' })).rejects.toBeInstanceOf(
      InvalidPhoneNumberError,
    );
    expect(register).not.toHaveBeenCalled();
  });

  test('a failing store rejects with TrackerError and hands out no link', async () => {
    const { client, tracker } = mobileWebHarness();
    vi.spyOn(tracker, 'register').mockRejectedValue(new Error('store down'));

    const failure = client.createMobileWebLink({ partnerName: 'Acme' });

    await expect(failure).rejects.toBeInstanceOf(TrackerError);
    await expect(failure).rejects.not.toHaveProperty('message', expect.stringContaining(APP_KEY));
  });
});

describe('validation against Truecaller’s documented values', () => {
  const documented: [keyof MobileWebLinkOptions, readonly string[]][] = [
    ['lang', MOBILE_WEB_LANGUAGES],
    ['loginPrefix', MOBILE_WEB_LOGIN_PREFIXES],
    ['loginSuffix', MOBILE_WEB_LOGIN_SUFFIXES],
    ['ctaPrefix', MOBILE_WEB_CTA_PREFIXES],
    ['btnShape', MOBILE_WEB_BUTTON_SHAPES],
    ['skipOption', MOBILE_WEB_SKIP_OPTIONS],
  ];

  test.each(documented)('every documented %s is accepted and sent as is', async (option, values) => {
    const { client } = mobileWebHarness();

    for (const value of values) {
      const { url } = await client.createMobileWebLink({ partnerName: 'Acme', [option]: value });
      expect(linkParameters(url)[option]).toBe(value);
    }
  });

  const invalid: [string, Record<string, unknown>][] = [
    ['partnerName', { partnerName: '' }],
    ['partnerName', { partnerName: '   ' }],
    ['partnerName', { partnerName: 'x'.repeat(101) }],
    ['partnerName', { partnerName: 'Acme\nInjected' }],
    ['partnerName', { partnerName: 42 }],
    ['lang', { lang: 'fr' }],
    ['lang', { lang: 'EN' }],
    ['privacyUrl', { privacyUrl: '/privacy' }],
    ['privacyUrl', { privacyUrl: 'javascript:alert(1)' }],
    ['termsUrl', { termsUrl: `https://acme.example/${'t'.repeat(2048)}` }],
    ['loginPrefix', { loginPrefix: 'To get started' }],
    ['loginSuffix', { loginSuffix: 'verify' }],
    ['ctaPrefix', { ctaPrefix: 'getstarted' }],
    ['ctaColor', { ctaColor: 'blue' }],
    ['ctaColor', { ctaColor: '1E88E5' }],
    ['ctaTextColor', { ctaTextColor: '#fff' }],
    ['btnShape', { btnShape: 'rectangular' }],
    ['skipOption', { skipOption: 'skip' }],
    ['ttl', { ttl: 999 }],
    ['ttl', { ttl: 1.5e3 + 0.5 }],
    ['ttl', { ttl: '60000' }],
    ['ttl', { ttl: 600_001 }],
    ['state', { state: 's'.repeat(1025) }],
    ['phoneNumber', { phoneNumber: ['+46761234567'] }],
  ];

  test.each(invalid)('a bad %s is a TypeError naming it, and nothing is recorded', async (option, bad) => {
    const { client, tracker } = mobileWebHarness();
    const register = vi.spyOn(tracker, 'register');

    const failure = client.createMobileWebLink({ partnerName: 'Acme', ...bad } as MobileWebLinkOptions);

    await expect(failure).rejects.toBeInstanceOf(TypeError);
    await expect(failure).rejects.toHaveProperty('message', expect.stringContaining(`\`${option}\``));
    expect(register).not.toHaveBeenCalled();
  });

  test('an unknown option (a typo) is a TypeError naming it', async () => {
    const { client } = mobileWebHarness();

    const failure = client.createMobileWebLink({ partnerName: 'Acme', loginprefix: 'checkout' } as never);

    await expect(failure).rejects.toThrow(
      'createMobileWebLink: unknown option `loginprefix`; did you mean `loginPrefix`?',
    );
  });

  test('the ttl may be as long as the client keeps pending sign-ins, no longer', async () => {
    const { client } = mobileWebHarness({ pendingTtl: 120_000 });

    const { url } = await client.createMobileWebLink({ partnerName: 'Acme', ttl: 120_000 });

    expect(linkParameters(url).ttl).toBe('120000');
    await expect(client.createMobileWebLink({ partnerName: 'Acme', ttl: 120_001 })).rejects.toThrow(/`ttl`/);
  });

  test('no message repeats the rejected value or the appKey', async () => {
    const { client } = mobileWebHarness();

    const failure = client.createMobileWebLink({ partnerName: 'Acme', state: `secret-${'s'.repeat(1100)}` });

    await expect(failure).rejects.toHaveProperty('message', expect.not.stringContaining('secret-'));
    await expect(failure).rejects.toHaveProperty('message', expect.not.stringContaining(APP_KEY));
  });

  test('a missing options object is a TypeError that says what to pass', async () => {
    const { client } = mobileWebHarness();

    await expect(client.createMobileWebLink(undefined as never)).rejects.toThrow(/partnerName/);
  });
});
