/**
 * Truecaller for the Better Auth plugin's tests: `truecaller-web-login/simulator`, reached through its in-process
 * `simulator.fetch` (the client's `fetch`; nothing reaches the network), with a small API for tests that play
 * the phone themselves:
 * - every known user ignores the prompt, so a test decides when and how the phone answers; numbers passed to
 *   {@link FakeTruecaller.refuse} are not Truecaller users (the start call is answered 403/1008);
 * - each start call the simulator answered is recorded with its requestId, number and state;
 * - {@link FakeTruecaller.approve} builds an approving callback around a token the simulator issued (its profile
 *   lists the numbers the test chooses), {@link FakeTruecaller.decline} has the simulated user decline and returns
 *   the callback the simulator made. Tests POST them to the app themselves, forged variants included.
 * A fresh simulator serves each test.
 */

import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { beforeEach } from 'vitest';

/** One start call Truecaller answered. */
export interface StartCall {
  requestId: string;
  /** E.164 digits, as the SDK sent them. */
  phoneNumber: string;
  state: string | undefined;
}

export interface FakeTruecaller {
  /** Start calls answered in this test, in order. */
  readonly starts: StartCall[];
  /** The last start call for `phoneNumber` (digits); throws if there was none. */
  startFor(phoneNumber: string): StartCall;
  /** Makes the start call answer 403/1008 for this number (digits): not a Truecaller user. */
  refuse(phoneNumber: string): void;
  /** The callback body of an approval; the token's profile lists `profileNumbers` (default: the started number). */
  approve(
    start: StartCall,
    profileNumbers?: string[],
    name?: { first?: string; last?: string },
  ): Record<string, unknown>;
  /** The user declines on the phone: resolves with the callback body the simulator made. */
  decline(start: StartCall): Promise<Record<string, unknown>>;
  /**
   * Mobile web: `phoneNumber`'s user (digits) taps the `truecallersdk://` link and approves; resolves with the
   * callback the simulator made (no state; a token whose default profile has the mobile-web shape).
   */
  tap(url: string, phoneNumber: string): Promise<Record<string, unknown>>;
}

let current: TruecallerSimulator | undefined;
let recordStart: ((start: StartCall) => void) | undefined;

/**
 * The client's `fetch` (the test harness sets it): the current test's simulator, recording each answered start
 * call before the client sees the answer.
 */
export const truecallerFetch: typeof fetch = async (input, init) => {
  if (current === undefined) throw new Error('no simulator: call useFakeTruecaller() in the test file');
  const request = new Request(input, init);
  const sent =
    request.method === 'POST' ? ((await request.clone().json()) as { phoneNumber: number; state?: string }) : undefined;
  const response = await current.fetch(request);
  if (sent !== undefined && response.status === 200) {
    const { requestId } = (await response.clone().json()) as { requestId: string };
    recordStart?.({ requestId, phoneNumber: String(sent.phoneNumber), state: sent.state });
  }
  return response;
};

/** A fresh simulator for each test of the calling file; it accepts `appKey` only. */
export function useFakeTruecaller(appKey: string): FakeTruecaller {
  const starts: StartCall[] = [];
  const refused = new Set<string>();
  let simulator = newSimulator();

  function newSimulator(): TruecallerSimulator {
    return new TruecallerSimulator({
      appKey,
      users: (phoneNumber) => (refused.has(phoneNumber) ? undefined : { decision: 'ignore' }),
    });
  }

  beforeEach(() => {
    starts.length = 0;
    refused.clear();
    simulator = newSimulator();
    current = simulator;
    recordStart = (start) => starts.push(start);
  });

  async function answer(requestId: string, decision: 'approve' | 'user_rejected'): Promise<Record<string, unknown>> {
    simulator.decide(requestId, decision);
    await simulator.settled();
    const callback = simulator.callbacks.findLast((made) => made.requestId === requestId);
    if (callback === undefined) throw new Error(`the simulator made no callback for ${requestId}`);
    return { ...callback.body };
  }

  const withState = (state: string | undefined) => (state === undefined ? {} : { state });

  return {
    starts,
    startFor(phoneNumber) {
      const start = starts.findLast((call) => call.phoneNumber === phoneNumber);
      if (start === undefined) throw new Error(`no start call for ${phoneNumber}`);
      return start;
    },
    refuse(phoneNumber) {
      refused.add(phoneNumber);
    },
    approve(start, profileNumbers = [start.phoneNumber], name = { first: 'Test', last: 'User' }) {
      const accessToken = simulator.issueToken({ profile: { phoneNumbers: profileNumbers.map(Number), name } });
      return { requestId: start.requestId, accessToken, ...withState(start.state) };
    },
    decline: (start) => answer(start.requestId, 'user_rejected'),
    tap: (url, phoneNumber) => answer(simulator.openDeepLink(url, { phoneNumber }), 'approve'),
  };
}
