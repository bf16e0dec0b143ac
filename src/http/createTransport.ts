import ky, { HTTPError, TimeoutError as KyTimeoutError, type Options } from 'ky';
import { UnexpectedResponseError } from '../errors/apiErrors.js';
import { errorFromResponse, type TruecallerOperation } from '../errors/errorFromResponse.js';
import { NetworkError, TimeoutError } from '../errors/transportErrors.js';
import { safeCause } from '../internal/safeCause.js';
import { readBoundedText } from './readBoundedText.js';

/** How the client talks HTTP; see the client options of the same names. */
export interface TransportOptions {
  fetch: typeof fetch | undefined;
  /** Milliseconds one attempt (headers and body) may take. */
  timeout: number;
  /** Largest successful response body read, in bytes. */
  maxResponseBytes: number;
}

/** One call to Truecaller. */
export interface TransportCall {
  operation: TruecallerOperation;
  method: 'get' | 'post';
  url: string;
  /** Every header sent (ky adds `content-type` for `json`); `accept: application/json` is the caller's to add. */
  headers: Record<string, string>;
  json?: unknown;
  /**
   * Extra attempts after a network error, timeout, 429 or 5xx. Only ever non-zero for GET. A 401 on a retry
   * after a timeout or network error rejects with that `TimeoutError`/`NetworkError` (the 401 as its `cause`):
   * the single-use token was probably spent by the attempt that got no answer.
   */
  retry: number;
  signal?: AbortSignal | undefined;
}

/** Sends a call and resolves with the parsed JSON body, or rejects with a {@link TruecallerError}. */
export type Transport = (call: TransportCall) => Promise<unknown>;

/** 429 and every 5xx, built on first use (nothing runs at import). */
let retryStatusCodes: number[] | undefined;

function statusCodes(): number[] {
  if (retryStatusCodes === undefined) {
    retryStatusCodes = [429];
    for (let status = 500; status <= 599; status++) retryStatusCodes.push(status);
  }
  return retryStatusCodes;
}

/**
 * Error bodies are read only for their numeric `code`/`status` (see `errorFromResponse`, which looks at bodies of
 * at most 4,096 characters); anything longer is cancelled unread.
 */
const MAX_ERROR_BODY_BYTES = 4096;

/**
 * The body text the fetch wrapper read, by the `Response` ky hands back; `undefined` when the body was over its
 * cap. A `WeakMap`, not a property on the `Response`: that object may be the user's own (their `fetch` returned
 * it, perhaps frozen), and profile data must not ride on it.
 */
const bodies = new WeakMap<Response, string | undefined>();

/**
 * Builds the client's only HTTP path. ky supplies the per-attempt timeout and the retries; everything ky
 * throws is translated here, so no ky class (whose `request` holds the appKey or bearer token) ever reaches a
 * user, and a CJS build that bundles its own ky copy behaves the same.
 *
 * Each body is read exactly once, inside the attempt (so ky's per-attempt timeout and the caller's signal apply
 * to a body that stalls, and a stall is retried like any timeout), with a running byte count: at most
 * `maxResponseBytes` of a 2xx body and 4 KiB of an error body are ever held, and the stream is cancelled past
 * that. The text is looked up by the `Response` ky returns, so no body is copied into a second `Response`.
 *
 * Per call, only what differs is built: the headers come ready from the caller, a call without retries passes
 * `retry: 0` (ky's cheapest form), and only a GET with retries gets a rules object (it needs its own recorder).
 */
export function createTransport(options: TransportOptions): Transport {
  const http = ky.create({
    // Looked up on every call: msw and users who patch fetch after creating the client must be honoured.
    fetch: async (input, init) => {
      const response = await (options.fetch ?? globalThis.fetch)(input, init);
      const cap = response.ok ? options.maxResponseBytes : Math.min(MAX_ERROR_BODY_BYTES, options.maxResponseBytes);
      // ky hands its fetch a Request carrying ky's signal (the caller's signal and the per-attempt timeout).
      const signal = input instanceof Request ? input.signal : (init?.signal ?? undefined);
      bodies.set(response, await readBoundedText(response, cap, signal));
      return response;
    },
    timeout: options.timeout,
    // The appKey and the bearer token must never follow a redirect to another host.
    redirect: 'manual',
    // ky's default `throwHttpErrors: true` stays: every non-2xx becomes an HTTPError, translated below.
  });

  return async (call) => {
    if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) {
      throw new TypeError(`${call.operation}: \`signal\` must be an AbortSignal.`);
    }
    /** The first failure of an attempt that got no answer (timeout, network error, broken body). */
    let unanswered: unknown;
    const init: Options = {
      method: call.method,
      headers: call.headers,
      // Only a GET is ever retried. Its rules name only what differs from ky's defaults (ky normalizes every key
      // on every call): ky retries GET, and honours `Retry-After` on 429 and 503 already.
      retry:
        call.retry === 0 || call.method !== 'get'
          ? 0
          : {
              limit: call.retry,
              statusCodes: statusCodes(),
              retryOnTimeout: true,
              maxRetryAfter: 3_000,
              backoffLimit: 3_000,
              // Only records; `undefined` leaves the decision to the rules above.
              shouldRetry: ({ error }) => {
                if (unanswered === undefined && !(error instanceof HTTPError)) unanswered = error;
                return undefined;
              },
            },
    };
    if (call.json !== undefined) init.json = call.json;
    if (call.signal !== undefined) init.signal = call.signal;
    let response: Response;
    try {
      response = await http(call.url, init);
    } catch (error) {
      throw translate(error, call, options.timeout, unanswered);
    }
    return parseJson(bodies.get(response), response.status, call.operation, options.maxResponseBytes);
  };
}

/**
 * Turns what ky threw into the SDK's error. `unanswered` is the first attempt that failed without an answer
 * (a timeout, a network error or a body that broke off) and was retried, if any.
 *
 * The access token is single use: an attempt that timed out or lost its connection may well have reached
 * Truecaller and spent it, so a 401 answered to a later attempt says nothing about the token the caller passed.
 * That 401 is reported as the failure that caused the retry (`TimeoutError` or `NetworkError`), with the
 * `InvalidTokenError` as its `cause`, instead of an "expired or reused token" that hides the real problem.
 */
function translate(error: unknown, call: TransportCall, timeoutMs: number, unanswered: unknown): unknown {
  // A caller's own abort comes back as the caller's reason, untouched.
  if (call.signal?.aborted) return call.signal.reason;
  if (error instanceof HTTPError) {
    const answer = errorFromResponse(call.operation, error.response.status, bodies.get(error.response));
    if (unanswered === undefined || error.response.status !== 401) return answer;
    return unanswered instanceof KyTimeoutError
      ? new TimeoutError(timeoutMs, { cause: answer })
      : new NetworkError({ cause: answer });
  }
  if (error instanceof KyTimeoutError) return new TimeoutError(timeoutMs);
  return new NetworkError({ cause: safeCause(error) });
}

function parseJson(
  text: string | undefined,
  status: number,
  operation: TruecallerOperation,
  maxResponseBytes: number,
): unknown {
  if (text === undefined) {
    throw new UnexpectedResponseError(
      `Truecaller answered ${operation} with a body larger than ${maxResponseBytes} bytes (the client's \`maxResponseBytes\`); it was not read further.`,
      { status },
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UnexpectedResponseError(`Truecaller answered ${operation} with a body that is not JSON.`, { status });
  }
}
