import type { BetterAuthClientOptions, ClientStore } from 'better-auth/client';
import {
  cancelSignIn,
  fetchMobileWebLink,
  openTruecallerApp,
  pollSignIn,
  startSignIn,
} from 'truecaller-web-login/browser';
import { authBaseUrl, authFetch } from './authBaseUrl.js';
import { errorResponse, type TruecallerSignInResponse, type TruecallerSignInResult } from './results.js';
import type { TruecallerSignInActions } from './truecallerClient.js';

/**
 * Polling options both sign-in actions take (the `/browser` entry's `pollSignIn`).
 *
 * @example
 * ```ts
 * const poll: TruecallerPollOptions = { interval: 2_000, timeout: 60_000, onPending: () => showSpinner() }
 * ```
 */
export interface TruecallerPollOptions {
  /** Aborts the sign-in: the action rejects with the signal's reason, after asking the server to cancel it. */
  signal?: AbortSignal | undefined;
  /** Milliseconds between polls. Default 3,000. */
  interval?: number | undefined;
  /** Milliseconds after which a sign-in still pending resolves `timeout` (and is cancelled). Default 30,000. */
  timeout?: number | undefined;
  /** Called after each `pending` answer. */
  onPending?: ((progress: { attempt: number; elapsedMs: number }) => void) | undefined;
}

/**
 * Parameters of `authClient.signIn.truecaller`.
 *
 * @example
 * ```ts
 * const params: TruecallerSignInParams = { phoneNumber: '+46761234567', timeout: 60_000 }
 * ```
 */
export interface TruecallerSignInParams extends TruecallerPollOptions {
  /** What the user typed; the server validates it. */
  phoneNumber: string;
}

/**
 * Parameters of `authClient.signIn.truecallerMobileWeb`.
 *
 * @example
 * ```ts
 * const params: TruecallerMobileWebSignInParams = { appTimeout: 1_500 }
 * ```
 */
export interface TruecallerMobileWebSignInParams extends TruecallerPollOptions {
  /** A number the page asked for: the server then requires the profile to list it. */
  phoneNumber?: string | undefined;
  /** Milliseconds the page may keep focus before the Truecaller app counts as not installed. Default 1,000. */
  appTimeout?: number | undefined;
}

/** The actions `truecallerClient()` adds under `authClient.signIn`. */
export function signInActions(
  store: ClientStore,
  options: BetterAuthClientOptions | undefined,
): TruecallerSignInActions {
  const base = authBaseUrl(options);
  const fetch = authFetch(options);
  const url = (path: string) => `${base}/truecaller/${path}`;

  /** Polls until the end; cancels a sign-in left pending (timeout, abort) so the number is free for a retry. */
  async function follow(requestId: string, params: TruecallerPollOptions): Promise<TruecallerSignInResponse> {
    let result: Awaited<ReturnType<typeof pollSignIn>>;
    try {
      result = await pollSignIn(url('status'), {
        requestId,
        fetch,
        signal: params.signal,
        interval: params.interval,
        timeout: params.timeout,
        onPending: params.onPending,
      });
    } catch (error) {
      if (params.signal?.aborted) await cancelQuietly(requestId);
      return errorResponse(error);
    }
    if (result.status === 'timeout') await cancelQuietly(requestId);
    if (result.status === 'completed') store.notify('$sessionSignal');
    return { data: result as TruecallerSignInResult, error: null };
  }

  async function cancelQuietly(requestId: string): Promise<void> {
    // Best effort: if it fails, the number's lock simply runs out on the server.
    await cancelSignIn(url('cancel'), { requestId, fetch }).catch(() => undefined);
  }

  return {
    truecaller: async (params: TruecallerSignInParams): Promise<TruecallerSignInResponse> => {
      let requestId: string;
      try {
        ({ requestId } = await startSignIn(url('start'), {
          phoneNumber: params.phoneNumber,
          fetch,
          signal: params.signal,
        }));
      } catch (error) {
        return errorResponse(error);
      }
      return follow(requestId, params);
    },
    truecallerMobileWeb: async (params: TruecallerMobileWebSignInParams = {}): Promise<TruecallerSignInResponse> => {
      let link: Awaited<ReturnType<typeof fetchMobileWebLink>>;
      try {
        link = await fetchMobileWebLink(url('mobile-web-link'), {
          phoneNumber: params.phoneNumber,
          fetch,
          signal: params.signal,
        });
      } catch (error) {
        return errorResponse(error);
      }
      const opened = await openTruecallerApp(link.url, { timeout: params.appTimeout, signal: params.signal }).catch(
        async (error: unknown) => {
          await cancelQuietly(link.requestId);
          throw error;
        },
      );
      if (opened === 'not-installed') {
        await cancelQuietly(link.requestId);
        return { data: { status: 'not-installed' }, error: null };
      }
      return follow(link.requestId, params);
    },
  };
}
