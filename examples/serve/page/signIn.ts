// The page's whole Truecaller integration, with `truecaller-web-login/browser`: a number typed on the page
// (web login) and the Truecaller app on the same phone (mobile web). docs/browser.md shows this file as it is.
import {
  cancelSignIn,
  fetchMobileWebLink,
  isTruecallerRouteError,
  type MobileWebLinkAnswer,
  openTruecallerApp,
  type PollResult,
  pollSignIn,
  startSignIn,
} from 'truecaller-web-login/browser';

/** Where the app mounted `createTruecallerRoutes`'s handlers. */
export const routes = {
  start: '/signin/truecaller',
  status: '/signin/truecaller/status',
  cancel: '/signin/truecaller/cancel',
  mobileWebLink: '/signin/truecaller/mobile-web-link',
};

/** How a sign-in ended for the page: signed in, or what to offer instead. */
export type Ending =
  | { type: 'signed-in'; name: string }
  | { type: 'declined' }
  | { type: 'cancelled' }
  | { type: 'try-later'; retryAfterMs: number }
  | { type: 'invalid-number' }
  | { type: 'another-method'; why: string };

export interface SignInOptions {
  /** Shows a step to the user as it happens. */
  say: (step: string) => void;
  /** The Cancel button: aborting ends the sign-in and frees the number on the server. */
  signal: AbortSignal;
  /** ms between polls (default 3,000) and before offering another method (default 30,000). */
  interval?: number | undefined;
  timeout?: number | undefined;
}

/** Web login: Truecaller prompts the phone with this number; the page polls until the user answers there. */
export async function signInWithNumber(phoneNumber: string, options: SignInOptions): Promise<Ending> {
  const { say, signal } = options;
  let requestId: string;
  try {
    ({ requestId } = await startSignIn(routes.start, { phoneNumber, signal }));
  } catch (error) {
    if (signal.aborted) return { type: 'cancelled' };
    if (!isTruecallerRouteError(error)) throw error;
    if (error.code === 'invalid_phone_number') return { type: 'invalid-number' };
    // The number has a sign-in pending already (another tab, a double click): its phone still shows the prompt.
    if (error.code === 'request_pending') return { type: 'try-later', retryAfterMs: error.retryAfterMs ?? 0 };
    return { type: 'another-method', why: error.code }; // forbidden: no Truecaller for this number; network_error…
  }
  say('Truecaller is asking your phone: approve the sign-in there.');
  return follow(requestId, options);
}

/**
 * Mobile web: the page gets a fresh link from the server and opens the Truecaller app with it; the app asks the
 * user, and the page polls as above. Call it from a click (browsers open app links only after a user gesture).
 * `openApp` is `openTruecallerApp`; the demo passes its simulated phone, since a desktop browser has no app.
 */
export async function signInWithApp(options: SignInOptions, openApp = openTruecallerApp): Promise<Ending> {
  const { say, signal } = options;
  let link: MobileWebLinkAnswer;
  try {
    link = await fetchMobileWebLink(routes.mobileWebLink, { signal });
  } catch (error) {
    if (signal.aborted) return { type: 'cancelled' };
    if (!isTruecallerRouteError(error)) throw error;
    return { type: 'another-method', why: error.code };
  }
  say('Opening the Truecaller app…');
  const opened = await openApp(link.url, { signal }).catch((error: unknown) => {
    if (signal.aborted) return 'cancelled' as const;
    throw error;
  });
  if (opened !== 'opened') {
    await cancelSignIn(routes.cancel, { requestId: link.requestId }); // frees the link's pending sign-in
    return opened === 'cancelled' ? { type: 'cancelled' } : { type: 'another-method', why: 'no Truecaller app here' };
  }
  say('The Truecaller app is asking you: approve the sign-in there.');
  return follow(link.requestId, options);
}

/** Polls until the sign-in ends. A timeout or the Cancel button cancels it, so the number is free at once. */
async function follow(requestId: string, { say, signal, interval, timeout }: SignInOptions): Promise<Ending> {
  let result: PollResult;
  try {
    result = await pollSignIn(routes.status, {
      requestId,
      signal,
      interval,
      timeout,
      onPending: ({ attempt, elapsedMs }) =>
        say(`Poll ${attempt}: pending after ${Math.round(elapsedMs / 100) / 10} s`),
    });
  } catch (error) {
    if (!signal.aborted) throw error;
    await cancelSignIn(routes.cancel, { requestId });
    return { type: 'cancelled' };
  }
  switch (result.status) {
    case 'completed': // the app's onCompleted signed this browser's session in and answered the name
      return { type: 'signed-in', name: typeof result.name === 'string' ? result.name : '' };
    case 'rejected':
      return result.reason === 'user_rejected' ? { type: 'declined' } : { type: 'another-method', why: result.reason };
    case 'expired':
      return { type: 'another-method', why: 'the sign-in expired' };
    case 'timeout':
      await cancelSignIn(routes.cancel, { requestId });
      return { type: 'another-method', why: 'no answer from your phone in time' };
  }
}
