import * as v from 'valibot';

// Messages are fixed words: the link carries the appKey (`partnerKey`), which must never be echoed.
const text = (name: string) => v.pipe(v.string(`${name} is required`), v.minLength(1, `${name} is required`));

/**
 * The query of Truecaller's mobile-web deep link,
 * `truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=…&partnerKey=…&partnerName=…&lang=…`.
 * The optional parameters (`privacyUrl`, `ttl`, `ctaColor`…) are not checked: they change only what the
 * Truecaller app shows.
 */
const DeepLinkSchema = v.object({
  type: v.literal('btmsheet', 'type must be btmsheet'),
  requestNonce: v.pipe(
    v.string('requestNonce is required'),
    v.minLength(8, 'requestNonce must have 8 to 64 characters'),
    v.maxLength(64, 'requestNonce must have 8 to 64 characters'),
  ),
  partnerKey: text('partnerKey'),
  partnerName: text('partnerName'),
  lang: text('lang'),
});

/** The parameters of a deep link the simulator acts on. */
export type DeepLink = v.InferOutput<typeof DeepLinkSchema>;

/**
 * Reads a `truecallersdk://truesdk/web_verify` link the way the Truecaller app would.
 *
 * @throws {TypeError} saying what is wrong with the link (never its values).
 */
export function parseDeepLink(link: string | URL): DeepLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new TypeError('openDeepLink: the link is not a URL.');
  }
  if (url.protocol !== 'truecallersdk:' || url.host !== 'truesdk' || url.pathname !== '/web_verify') {
    throw new TypeError('openDeepLink: the link must start with truecallersdk://truesdk/web_verify.');
  }
  const parsed = v.safeParse(DeepLinkSchema, Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw new TypeError(`openDeepLink: ${parsed.issues.map((issue) => issue.message).join('; ')}.`);
  }
  return parsed.output;
}
