import * as v from 'valibot';
import { assertOptions } from '../internal/assert.js';
import { MAX_STATE_LENGTH, MAX_ID_LENGTH as MAX_URL_LENGTH } from '../internal/limits.js';
import {
  MOBILE_WEB_BUTTON_SHAPES,
  MOBILE_WEB_CTA_PREFIXES,
  MOBILE_WEB_LANGUAGES,
  MOBILE_WEB_LOGIN_PREFIXES,
  MOBILE_WEB_LOGIN_SUFFIXES,
  MOBILE_WEB_SKIP_OPTIONS,
} from './linkValues.js';

const METHOD = 'createMobileWebLink';
const MAX_PARTNER_NAME_LENGTH = 100;
/** Shortest `ttl` worth a consent sheet: the user needs time to read it. */
export const MIN_LINK_TTL = 1000;

// Every message names the option and says what is allowed; none quotes the value (it may be a state).
const say = (option: string, rule: string) => `${METHOD}: \`${option}\` must be ${rule}.`;
const oneOf = (option: string, values: readonly string[]) =>
  v.optional(v.picklist(values, say(option, `one of ${values.join(', ')}`)));
const hexColour = (option: string) =>
  v.optional(
    v.pipe(
      v.string(say(option, 'a hex colour such as #1E88E5')),
      v.check((value) => HEX_COLOUR.test(value), say(option, 'a hex colour such as #1E88E5')),
    ),
  );
const pageUrl = (option: string) =>
  v.optional(
    v.pipe(
      v.string(say(option, 'an absolute http(s) URL')),
      v.maxLength(MAX_URL_LENGTH, say(option, `at most ${MAX_URL_LENGTH} characters`)),
      v.check(isHttpUrl, say(option, 'an absolute http(s) URL')),
    ),
  );
const HEX_COLOUR = /^#(?:[0-9a-f]{6}|[0-9a-f]{8})$/i;
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]+$/u;

// One object kind and a few actions, shared with the SDK's other schemas: unknown keys are refused before the
// parse (`assertOptions`, with the closest valid name), and `check` expresses each remaining rule.
/** The options of `client.createMobileWebLink`, checked in one pass; unknown keys are refused (typos). */
export const MobileWebLinkOptionsSchema = v.object({
  partnerName: v.pipe(
    v.string(say('partnerName', 'your app name as users should see it')),
    v.transform((value) => value.trim()),
    v.minLength(1, say('partnerName', 'a non-empty name')),
    v.maxLength(MAX_PARTNER_NAME_LENGTH, say('partnerName', `at most ${MAX_PARTNER_NAME_LENGTH} characters`)),
    v.check((value) => NO_CONTROL_CHARACTERS.test(value), say('partnerName', 'text without control characters')),
  ),
  lang: oneOf('lang', MOBILE_WEB_LANGUAGES),
  privacyUrl: pageUrl('privacyUrl'),
  termsUrl: pageUrl('termsUrl'),
  loginPrefix: oneOf('loginPrefix', MOBILE_WEB_LOGIN_PREFIXES),
  loginSuffix: oneOf('loginSuffix', MOBILE_WEB_LOGIN_SUFFIXES),
  ctaPrefix: oneOf('ctaPrefix', MOBILE_WEB_CTA_PREFIXES),
  ctaColor: hexColour('ctaColor'),
  ctaTextColor: hexColour('ctaTextColor'),
  btnShape: oneOf('btnShape', MOBILE_WEB_BUTTON_SHAPES),
  skipOption: oneOf('skipOption', MOBILE_WEB_SKIP_OPTIONS),
  ttl: v.optional(
    v.pipe(
      v.number(say('ttl', 'a whole number of milliseconds')),
      v.check((value: number) => Number.isSafeInteger(value), say('ttl', 'a whole number of milliseconds')),
      v.check((value) => value >= MIN_LINK_TTL, say('ttl', `at least ${MIN_LINK_TTL} ms`)),
    ),
  ),
  state: v.optional(
    v.pipe(
      v.string(say('state', `a string of at most ${MAX_STATE_LENGTH} characters`)),
      v.maxLength(MAX_STATE_LENGTH, say('state', `a string of at most ${MAX_STATE_LENGTH} characters`)),
    ),
  ),
  phoneNumber: v.optional(v.union([v.string(), v.number()], say('phoneNumber', 'a string or a number'))),
});

const LINK_OPTION_KEYS = Object.keys(MobileWebLinkOptionsSchema.entries) as (keyof MobileWebLinkOptions & string)[];

/**
 * Options of `client.createMobileWebLink`. Only `partnerName` is required; every other option is left out of the
 * link when absent, so Truecaller's default applies.
 *
 * | Option | Allowed values | Truecaller's default |
 * | --- | --- | --- |
 * | `partnerName` | your app's name, 1 to 100 characters | (required) |
 * | `lang` | {@link MOBILE_WEB_LANGUAGES} | `en` |
 * | `privacyUrl`, `termsUrl` | absolute http(s) URLs | none |
 * | `loginPrefix` | {@link MOBILE_WEB_LOGIN_PREFIXES} | |
 * | `loginSuffix` | {@link MOBILE_WEB_LOGIN_SUFFIXES} | |
 * | `ctaPrefix` | {@link MOBILE_WEB_CTA_PREFIXES} | |
 * | `ctaColor`, `ctaTextColor` | hex colours `#RRGGBB` or `#AARRGGBB` | Truecaller's blue, white |
 * | `btnShape` | {@link MOBILE_WEB_BUTTON_SHAPES} | |
 * | `skipOption` | {@link MOBILE_WEB_SKIP_OPTIONS} | no footer button |
 * | `ttl` | ms the sheet stays valid, 1,000 up to the client's `pendingTtl` | |
 * | `state` | the browser session's id, required on the status polls (never put in the link) | none |
 * | `phoneNumber` | a number the page asked for: the profile must then list it (never put in the link) | none |
 *
 * @example
 * ```ts
 * const options: MobileWebLinkOptions = { partnerName: 'Acme', lang: 'hi', ctaColor: '#1E88E5', state: session.id }
 * const { url, requestId } = await client.createMobileWebLink(options)
 * ```
 */
export type MobileWebLinkOptions = v.InferInput<typeof MobileWebLinkOptionsSchema>;

/** The checked options (`partnerName` trimmed). */
export type CheckedMobileWebLinkOptions = v.InferOutput<typeof MobileWebLinkOptionsSchema>;

/**
 * Checks the options against Truecaller's documented values.
 *
 * @param method what the messages name as the caller (`createMobileWebLink` by default).
 * @throws {TypeError} naming the first invalid or unknown option.
 */
export function checkMobileWebLinkOptions(
  options: unknown,
  maxTtl: number,
  method = METHOD,
): CheckedMobileWebLinkOptions {
  assertOptions<MobileWebLinkOptions>(method, options, LINK_OPTION_KEYS, { example: "{ partnerName: 'Acme' }" });
  const result = v.safeParse(MobileWebLinkOptionsSchema, options, { abortEarly: true });
  if (!result.success) {
    throw new TypeError(result.issues[0].message.replace(METHOD, method));
  }
  const { ttl } = result.output;
  if (ttl !== undefined && ttl > maxTtl) {
    const rule = `at most the client's pendingTtl (${maxTtl} ms), or the callback would be refused`;
    throw new TypeError(say('ttl', rule).replace(METHOD, method));
  }
  return result.output;
}

/**
 * Checks a route's link settings once, when the routes are created: the same rules, without the per-request
 * `state` and `phoneNumber` (and without the `ttl` bound, which the client checks on each link).
 *
 * @throws {TypeError} naming the first invalid or unknown setting.
 */
export function checkMobileWebLinkSettings(settings: unknown, method: string): void {
  if (typeof settings === 'object' && settings !== null && ('state' in settings || 'phoneNumber' in settings)) {
    throw new TypeError(`${method}: \`state\` and \`phoneNumber\` come with each request, not with the settings.`);
  }
  checkMobileWebLinkOptions(settings, Number.MAX_SAFE_INTEGER, method);
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
