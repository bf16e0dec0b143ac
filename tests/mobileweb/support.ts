// A client for mobile-web tests with a hand-written fetch standing in for Truecaller's profile host: tokens issued
// by `authorize` answer with their profile, anything else 401. No msw, so these tests also prove fetch injection.
import { randomBytes } from 'node:crypto';
import { MemoryTracker, TruecallerClient, type TruecallerClientOptions } from 'truecaller-web-login';

/** A key distinctive enough to search every output for. */
export const APP_KEY = 'mobile-web-app-key-Qx81vTz0pLm4';

export interface MobileWebHarness {
  client: TruecallerClient;
  tracker: MemoryTracker;
  /** A fresh access token whose profile is `profile`. */
  authorize(profile: Record<string, unknown>): string;
  /** URLs the profile fetch was sent to. */
  profileCalls: string[];
}

export function mobileWebHarness(options: Partial<TruecallerClientOptions> = {}): MobileWebHarness {
  const profiles = new Map<string, Record<string, unknown>>();
  const profileCalls: string[] = [];
  const tracker = new MemoryTracker();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    profileCalls.push(request.url);
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    const profile = profiles.get(token);
    return profile === undefined
      ? Response.json({ status: 40101, message: 'Unauthorized' }, { status: 401 })
      : Response.json(profile);
  };
  const client = new TruecallerClient({ appKey: APP_KEY, tracker, fetch, retry: 0, ...options });
  return {
    client,
    tracker,
    profileCalls,
    authorize(profile) {
      const token = randomBytes(48).toString('base64url');
      profiles.set(token, profile);
      return token;
    },
  };
}

/** The query parameters of a `truecallersdk://` link, decoded. */
export function linkParameters(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}
