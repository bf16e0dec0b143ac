import type { CheckedMobileWebLinkOptions } from './linkOptions.js';

/** Truecaller's deep link for the mobile-web consent sheet (Android browsers with the Truecaller app). */
const DEEP_LINK_BASE = 'truecallersdk://truesdk/web_verify';

/** The link parameters in the order Truecaller documents them; `state` and `phoneNumber` never go in the link. */
const LINK_PARAMETERS = [
  'lang',
  'privacyUrl',
  'termsUrl',
  'loginPrefix',
  'loginSuffix',
  'ctaPrefix',
  'ctaColor',
  'ctaTextColor',
  'btnShape',
  'skipOption',
  'ttl',
] as const;

/**
 * Builds the `truecallersdk://truesdk/web_verify?…` link with `URLSearchParams`, so every parameter is separated
 * and encoded (Truecaller's published snippet misses the `&` before `requestNonce`). Spaces are written `%20`, not
 * `+`, which every URI parser decodes the same way.
 */
export function buildMobileWebLink(appKey: string, requestNonce: string, options: CheckedMobileWebLinkOptions): string {
  const params = new URLSearchParams({
    type: 'btmsheet',
    requestNonce,
    partnerKey: appKey,
    partnerName: options.partnerName,
  });
  for (const name of LINK_PARAMETERS) {
    const value = options[name];
    if (value !== undefined) params.set(name, String(value));
  }
  // URLSearchParams writes a space as `+` and a literal `+` as `%2B`, so every remaining `+` is a space.
  return `${DEEP_LINK_BASE}?${params.toString().replaceAll('+', '%20')}`;
}
