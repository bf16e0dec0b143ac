// One user's sign-in through the public API, as a browser and the app's routes would drive it:
// `requestAuthorization`, then `completeSignIn` polls until the outcome (Truecaller's callback reaches
// `handleCallback` through the callback route meanwhile). Bounded in count and time; a sign-in still pending at
// the end is cancelled, as the browser helpers do when they give up.
import { isTruecallerError, type TruecallerClient } from 'truecaller-web-login';

/** How one sign-in ended. */
export type SignInResult =
  | { readonly type: 'completed'; readonly requestId: string; readonly completions: number }
  /** The start failed: `code` is the SDK error's code (or `unknown`), `prompted` is filled in from the simulator. */
  | { readonly type: 'start_failed'; readonly code: string }
  /** Started, never completed: `code` is the poll's last error, `expired`, `rejected` or `timeout`. */
  | { readonly type: 'lost'; readonly requestId: string; readonly code: string };

/** Poll timing (ms) and bounds. */
export interface PollPlan {
  /** Wait before the first poll (the phone answers in about 10 ms, plus the callback's trip). */
  firstPoll: number;
  interval: number;
  /** Give up (and cancel) after this long. */
  deadline: number;
  /** Most polls, whatever the time. */
  maxPolls: number;
}

export const DEFAULT_POLL_PLAN: PollPlan = { firstPoll: 200, interval: 500, deadline: 60_000, maxPolls: 150 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error's SDK code, or `unknown`. */
export function codeOf(error: unknown): string {
  return isTruecallerError(error) ? error.code : 'unknown';
}

/** Runs one sign-in for `phoneNumber` (E.164 digits) to its end. Never rejects. */
export async function signIn(
  client: TruecallerClient,
  phoneNumber: string,
  plan: PollPlan = DEFAULT_POLL_PLAN,
  onStoreError: (step: string) => void = () => {},
): Promise<SignInResult> {
  const state = crypto.randomUUID();
  let requestId: string;
  try {
    ({ requestId } = await client.requestAuthorization({ phoneNumber: `+${phoneNumber}`, state }));
  } catch (error) {
    return { type: 'start_failed', code: codeOf(error) };
  }
  const started = Date.now();
  let lastCode = 'timeout';
  let completions = 0;
  await sleep(plan.firstPoll);
  for (let poll = 0; poll < plan.maxPolls && Date.now() - started < plan.deadline; poll++) {
    try {
      const status = await client.completeSignIn(requestId, { state });
      if (status.status === 'completed') {
        completions++;
        // Polls once more, as a second tab or a retried request would: it must not hand the profile out again.
        const again = await client.completeSignIn(requestId, { state }).catch(() => undefined);
        if (again?.status === 'completed') completions++;
        return { type: 'completed', requestId, completions };
      }
      if (status.status !== 'pending') return { type: 'lost', requestId, code: status.status };
    } catch (error) {
      lastCode = codeOf(error);
      // A store failure (503) is retried by the browser; anything else ends the sign-in.
      if (lastCode !== 'tracker_error') return { type: 'lost', requestId, code: lastCode };
      onStoreError('poll');
    }
    await sleep(plan.interval);
  }
  await cancel(client, requestId, state, onStoreError);
  return { type: 'lost', requestId, code: lastCode };
}

async function cancel(
  client: TruecallerClient,
  requestId: string,
  state: string,
  onStoreError: (step: string) => void,
) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await client.cancelSignIn(requestId, { state });
      return;
    } catch {
      onStoreError('cancel');
      await sleep(500);
    }
  }
}
