import { describe, expect, it } from 'vitest';
import { UntrustedEndpointError } from '../../src/errors/inputErrors.js';
import { assertTrustedEndpoint, DEFAULT_TRUSTED_PROFILE_HOSTS } from '../../src/profile/trustedEndpoint.js';
import { NONEU_PROFILE_ENDPOINT, PROFILE_ENDPOINT } from '../fixtures/payloads.js';

function untrusted(endpoint: string, hosts = DEFAULT_TRUSTED_PROFILE_HOSTS): UntrustedEndpointError {
  try {
    assertTrustedEndpoint(endpoint, hosts);
  } catch (error) {
    expect(error).toBeInstanceOf(UntrustedEndpointError);
    return error as UntrustedEndpointError;
  }
  throw new Error(`expected ${endpoint} to be refused`);
}

describe('assertTrustedEndpoint with the default hosts', () => {
  it.each([
    ['the documented profile endpoint', PROFILE_ENDPOINT],
    ['the non-EU regional endpoint', NONEU_PROFILE_ENDPOINT],
    ['another regional sibling', 'https://profile4-eu.truecaller.com/v1/default'],
    ['a numbered profile host', 'https://profile12.truecaller.com/v1/default'],
    ['upper-case host', 'https://PROFILE4.TrueCaller.com/v1/default'],
    ['the explicit default https port', 'https://profile4.truecaller.com:443/v1/default'],
  ])('accepts %s', (_label, endpoint) => {
    const url = assertTrustedEndpoint(endpoint, DEFAULT_TRUSTED_PROFILE_HOSTS);

    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe(new URL(endpoint).href);
  });

  it('returns the parsed URL, path included', () => {
    const url = assertTrustedEndpoint(NONEU_PROFILE_ENDPOINT, DEFAULT_TRUSTED_PROFILE_HOSTS);

    expect([url.hostname, url.pathname]).toEqual(['profile4-noneu.truecaller.com', '/v1/default']);
  });

  it.each([
    ['http', 'http://profile4.truecaller.com/v1/default'],
    ['ws', 'wss://profile4.truecaller.com/v1/default'],
    ['ftp', 'ftp://profile4.truecaller.com/v1/default'],
  ])('refuses the %s scheme', (_label, endpoint) => {
    expect(untrusted(endpoint).message).toMatch(/https/);
  });

  it.each([
    ['a suffix lookalike', 'https://profile4.truecaller.com.evil.example/v1/default'],
    ['a hyphen lookalike', 'https://evil-truecaller.com/v1/default'],
    ['a prefix lookalike', 'https://profile4truecaller.com/v1/default'],
    ['another Truecaller host', 'https://api4.truecaller.com/v1/default'],
    ['the bare Truecaller domain', 'https://truecaller.com/v1/default'],
    ['a subdomain of a profile host', 'https://evil.profile4.truecaller.com/v1/default'],
    ['a trailing-dot host', 'https://profile4.truecaller.com./v1/default'],
    ['an IP address', 'https://203.0.113.7/v1/default'],
    ['localhost', 'https://localhost/v1/default'],
    ['a profile host of another domain', 'https://profile4.truecaller.co/v1/default'],
  ])('refuses %s', (_label, endpoint) => {
    expect(untrusted(endpoint).message).toMatch(/host/);
  });

  it.each([
    ['a username that looks like the host', 'https://truecaller.com@evil.example/v1/default'],
    ['the profile host as username', 'https://profile4.truecaller.com@evil.example/v1/default'],
    ['credentials on the real host', 'https://user:pass@profile4.truecaller.com/v1/default'],
    ['an empty password on the real host', 'https://user:@profile4.truecaller.com/v1/default'],
  ])('refuses %s', (_label, endpoint) => {
    expect(untrusted(endpoint).message).toMatch(/credentials/);
  });

  it.each(['8443', '80', '444'])('refuses port %s', (port) => {
    expect(untrusted(`https://profile4.truecaller.com:${port}/v1/default`).message).toMatch(/port/);
  });

  it.each([
    ['an empty string', ''],
    ['a bare host', 'profile4.truecaller.com/v1/default'],
    ['a protocol-relative URL', '//profile4.truecaller.com/v1/default'],
    ['text', 'not a url'],
  ])('refuses %s, which is not a URL', (_label, endpoint) => {
    expect(untrusted(endpoint).message).toMatch(/not a URL/);
  });

  it('is a frozen list that callers cannot widen', () => {
    expect(Object.isFrozen(DEFAULT_TRUSTED_PROFILE_HOSTS)).toBe(true);
  });
});

describe('assertTrustedEndpoint with a bare profile host', () => {
  it.each([
    ['an empty path', 'https://profile4-noneu.truecaller.com', 'https://profile4-noneu.truecaller.com/v1/default'],
    ['the path /', 'https://profile4-noneu.truecaller.com/', 'https://profile4-noneu.truecaller.com/v1/default'],
    ['the default host', 'https://profile4.truecaller.com', PROFILE_ENDPOINT],
    ['an upper-case host', 'https://PROFILE4-NONEU.truecaller.com/', NONEU_PROFILE_ENDPOINT],
    ['the explicit default port', 'https://profile4-noneu.truecaller.com:443', NONEU_PROFILE_ENDPOINT],
    ['a query string (kept)', 'https://profile4.truecaller.com/?v=2', `${PROFILE_ENDPOINT}?v=2`],
  ])('%s -> /v1/default on that host', (_label, endpoint, expected) => {
    expect(assertTrustedEndpoint(endpoint, DEFAULT_TRUSTED_PROFILE_HOSTS).href).toBe(expected);
  });

  it('does the same on a custom trusted host', () => {
    expect(assertTrustedEndpoint('https://profile.example', ['profile.example']).href).toBe(
      'https://profile.example/v1/default',
    );
  });

  it.each([
    ['the documented path', NONEU_PROFILE_ENDPOINT],
    ['a trailing slash', 'https://profile4-noneu.truecaller.com/v1/default/'],
    ['another version', 'https://profile4-noneu.truecaller.com/v2/default'],
    ['another resource', 'https://profile4-noneu.truecaller.com/v1/other'],
    ['a double slash', 'https://profile4-noneu.truecaller.com//'],
  ])('keeps every other path as given: %s', (_label, endpoint) => {
    expect(assertTrustedEndpoint(endpoint, DEFAULT_TRUSTED_PROFILE_HOSTS).href).toBe(new URL(endpoint).href);
  });

  it.each([
    ['an untrusted bare host', 'https://evil.example', /host/],
    ['a bare trusted host over http', 'http://profile4-noneu.truecaller.com', /https/],
    ['a bare trusted host on another port', 'https://profile4-noneu.truecaller.com:8443', /port/],
    ['a bare trusted host with credentials', 'https://user:pw@profile4-noneu.truecaller.com', /credentials/],
  ])('still refuses %s', (_label, endpoint, reason) => {
    expect(untrusted(endpoint).message).toMatch(reason);
  });
});

describe('assertTrustedEndpoint with custom hosts', () => {
  it('accepts a host named by a custom string', () => {
    const url = assertTrustedEndpoint('https://profile.example/v1/default', ['profile.example']);

    expect(url.hostname).toBe('profile.example');
  });

  it('matches a custom string case-insensitively', () => {
    expect(assertTrustedEndpoint('https://profile.example/v1', ['Profile.EXAMPLE']).hostname).toBe('profile.example');
  });

  it('replaces the defaults: a Truecaller host not in the custom list is refused', () => {
    untrusted(PROFILE_ENDPOINT, ['profile.example']);
  });

  it('accepts a host matched by a custom RegExp', () => {
    expect(assertTrustedEndpoint('https://eu-2.profile.example/x', [/^[a-z0-9-]+\.profile\.example$/]).hostname).toBe(
      'eu-2.profile.example',
    );
  });

  it('refuses every endpoint with an empty list', () => {
    untrusted(PROFILE_ENDPOINT, []);
  });

  it('still refuses http on a custom host', () => {
    expect(untrusted('http://profile.example/v1', ['profile.example']).message).toMatch(/https/);
  });

  it.each([
    ['g', /^profile\.example$/g],
    ['y', /^profile\.example$/y],
    ['gy', /^profile\.example$/gy],
  ])('gives the same answer on repeated calls with a /%s RegExp', (_flags, pattern) => {
    const results = Array.from({ length: 4 }, () => {
      try {
        return assertTrustedEndpoint('https://profile.example/v1', [pattern]).hostname;
      } catch {
        return 'refused';
      }
    });

    expect(results).toEqual(Array(4).fill('profile.example'));
  });

  it('gives the right answer after a /g RegExp was used by someone else', () => {
    const pattern = /profile\.example/g;
    pattern.test('xx profile.example'); // leaves lastIndex past the start

    expect(assertTrustedEndpoint('https://profile.example/v1', [pattern]).hostname).toBe('profile.example');
  });
});

describe('assertTrustedEndpoint errors', () => {
  const marker = 'attacker-marker-7f3a';
  it.each([
    ['not a URL', `not a url ${marker}`],
    ['http', `http://profile4.truecaller.com/${marker}`],
    ['credentials', `https://${marker}:pw@profile4.truecaller.com/v1/default`],
    ['port', `https://profile4.truecaller.com:8443/${marker}`],
    ['host', `https://${marker}.example/v1/default`],
    ['query string', `https://evil.example/v1/default?token=${marker}`],
  ])('never repeat the URL (%s)', (_label, endpoint) => {
    const error = untrusted(endpoint);

    expect(error.message).not.toContain(marker);
    expect(JSON.stringify(error)).not.toContain(marker);
    expect(error.code).toBe('untrusted_endpoint');
  });
});
