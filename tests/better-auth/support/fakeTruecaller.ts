/**
 * A stand-in for Truecaller's two endpoints, on msw, for the Better Auth plugin's tests (to be replaced by
 * `truecaller-web-login/simulator` once it lands):
 * - the start call answers `{ requestId }` with a fresh id and records the number and state it was sent;
 *   numbers passed to {@link FakeTruecaller.refuse} get Truecaller's 403/1008;
 * - the profile call answers the profile registered for the bearer token, 401/40101 for any other token;
 * - {@link FakeTruecaller.approve} and {@link FakeTruecaller.decline} build the callback body Truecaller would POST.
 * Nothing reaches the network (`onUnhandledRequest: 'error'`).
 */
import { randomBytes } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_PROFILE_URL, DEFAULT_REQUESTS_URL } from 'truecaller-web-login';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** One start call Truecaller received. */
export interface StartCall {
  requestId: string;
  /** E.164 digits, as the SDK sent them. */
  phoneNumber: string;
  state: string | undefined;
}

export interface FakeTruecaller {
  /** Start calls received in this test, in order. */
  readonly starts: StartCall[];
  /** Tokens the profile endpoint was asked about in this test. */
  readonly profileCalls: string[];
  /** The last start call for `phoneNumber` (digits); throws if there was none. */
  startFor(phoneNumber: string): StartCall;
  /** Makes the start call answer 403/1008 for this number (digits). */
  refuse(phoneNumber: string): void;
  /** The callback body of an approval; the token's profile lists `profileNumbers` (default: the started number). */
  approve(
    start: StartCall,
    profileNumbers?: string[],
    name?: { first?: string; last?: string },
  ): Record<string, unknown>;
  /** The callback body of a decline. */
  decline(start: StartCall): Record<string, unknown>;
}

/** Starts the fake for the calling test file; it accepts `appKey` only. Recordings and tokens reset after each test. */
export function useFakeTruecaller(appKey: string): FakeTruecaller {
  const starts: StartCall[] = [];
  const profileCalls: string[] = [];
  const refused = new Set<string>();
  const profiles = new Map<string, Record<string, unknown>>();

  const server = setupServer(
    http.post(DEFAULT_REQUESTS_URL, async ({ request }) => {
      if (request.headers.get('appKey') !== appKey) {
        return HttpResponse.json({ code: 404, message: 'Invalid partner credentials.' }, { status: 404 });
      }
      const body = (await request.json()) as { phoneNumber: number; state?: string };
      const phoneNumber = String(body.phoneNumber);
      if (refused.has(phoneNumber)) {
        return HttpResponse.json(
          { code: 1008, message: 'Forbidden: It is forbidden to use sdk login for this phone number.' },
          { status: 403 },
        );
      }
      const requestId = randomBytes(20).toString('base64');
      starts.push({ requestId, phoneNumber, state: body.state });
      return HttpResponse.json({ requestId });
    }),
    http.get(DEFAULT_PROFILE_URL, ({ request }) => {
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      profileCalls.push(token);
      const profile = profiles.get(token);
      if (profile === undefined) return HttpResponse.json({ status: 40101, message: 'Unauthorized' }, { status: 401 });
      return HttpResponse.json(profile);
    }),
  );
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    starts.length = 0;
    profileCalls.length = 0;
    refused.clear();
    profiles.clear();
  });
  afterAll(() => server.close());

  return {
    starts,
    profileCalls,
    startFor(phoneNumber) {
      const start = starts.findLast((call) => call.phoneNumber === phoneNumber);
      if (start === undefined) throw new Error(`no start call for ${phoneNumber}`);
      return start;
    },
    refuse(phoneNumber) {
      refused.add(phoneNumber);
    },
    approve(start, profileNumbers = [start.phoneNumber], name = { first: 'Test', last: 'User' }) {
      const accessToken = randomBytes(48).toString('base64url');
      profiles.set(accessToken, { phoneNumbers: profileNumbers.map(Number), name });
      return { requestId: start.requestId, accessToken, ...(start.state === undefined ? {} : { state: start.state }) };
    },
    decline(start) {
      return {
        requestId: start.requestId,
        status: 'user_rejected',
        ...(start.state === undefined ? {} : { state: start.state }),
      };
    },
  };
}
