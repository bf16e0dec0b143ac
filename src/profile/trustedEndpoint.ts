import { UntrustedEndpointError } from '../errors/inputErrors.js';

/** Hosts or host patterns a callback's `endpoint` may name. Strings match a hostname exactly (any case). */
export type TrustedHost = string | RegExp;

/**
 * Truecaller's profile hosts: `profile4.truecaller.com` and its regional siblings such as
 * `profile4-noneu.truecaller.com`.
 *
 * @example
 * ```ts
 * // Add a host while keeping Truecaller's own (the option replaces the list):
 * new TruecallerClient({ appKey, trustedProfileHosts: [...DEFAULT_TRUSTED_PROFILE_HOSTS, 'profile.example'] })
 * ```
 */
export const DEFAULT_TRUSTED_PROFILE_HOSTS: readonly TrustedHost[] = Object.freeze([
  'profile4.truecaller.com',
  /^profile\d*(?:-[a-z0-9]+)*\.truecaller\.com$/,
]);

/**
 * The path of Truecaller's profile resource. Some mobile-web callbacks name only the regional host
 * (`https://profile4-noneu.truecaller.com`); that host answers its bare root with a 200 whose body holds no number.
 */
const PROFILE_PATH = '/v1/default';

/**
 * Checks a profile URL taken from an unsigned callback before the bearer token goes anywhere near it: https,
 * default port, no credentials in the URL, and a hostname in `trustedHosts`. Returns the URL to fetch: the
 * endpoint itself, except that a bare host (an empty path or `/`) becomes `/v1/default` on that host, where the
 * profile is. Any other path is kept exactly as given.
 *
 * @throws {UntrustedEndpointError} naming which rule failed (never the URL itself).
 * @example
 * ```ts
 * assertTrustedEndpoint('https://profile4-noneu.truecaller.com', DEFAULT_TRUSTED_PROFILE_HOSTS).href
 * // 'https://profile4-noneu.truecaller.com/v1/default'
 * ```
 */
export function assertTrustedEndpoint(endpoint: string, trustedHosts: readonly TrustedHost[]): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UntrustedEndpointError('it is not a URL');
  }
  if (url.protocol !== 'https:') throw new UntrustedEndpointError('it is not https');
  if (url.username !== '' || url.password !== '') throw new UntrustedEndpointError('it contains credentials');
  if (url.port !== '') throw new UntrustedEndpointError('it names a non-default port');
  const host = url.hostname.toLowerCase();
  const trusted = trustedHosts.some((entry) => {
    if (typeof entry === 'string') return entry.toLowerCase() === host;
    entry.lastIndex = 0; // a /g or /y pattern keeps state between calls
    return entry.test(host);
  });
  if (!trusted) throw new UntrustedEndpointError('its host is not one of the trusted profile hosts');
  // The URL parser writes an empty path of an https URL as '/'.
  if (url.pathname === '/') url.pathname = PROFILE_PATH;
  return url;
}
