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
 * Checks a profile URL taken from an unsigned callback before the bearer token goes anywhere near it: https,
 * default port, no credentials in the URL, and a hostname in `trustedHosts`.
 *
 * @throws {UntrustedEndpointError} naming which rule failed (never the URL itself).
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
  return url;
}
