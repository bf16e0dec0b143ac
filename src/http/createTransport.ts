import ky, { HTTPError, TimeoutError as KyTimeoutError } from 'ky';
import { UnexpectedResponseError } from '../errors/apiErrors.js';
import { errorFromResponse, type TruecallerOperation } from '../errors/errorFromResponse.js';
import { NetworkError, TimeoutError } from '../errors/transportErrors.js';
import { safeCause } from '../internal/safeCause.js';

/** How the client talks HTTP; see the client options of the same names. */
export interface TransportOptions {
  fetch: typeof fetch | undefined;
  timeout: number;
}

/** One call to Truecaller. */
export interface TransportCall {
  operation: TruecallerOperation;
  method: 'get' | 'post';
  url: string;
  headers: Record<string, string>;
  json?: unknown;
  /** Extra attempts after a network error, timeout, 429 or 5xx. Only ever non-zero for GET. */
  retry: number;
  signal?: AbortSignal | undefined;
}

/** Sends a call and resolves with the parsed JSON body, or rejects with a {@link TruecallerError}. */
export type Transport = (call: TransportCall) => Promise<unknown>;

const RETRY_STATUS_CODES = [429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];

/**
 * Builds the client's only HTTP path. ky supplies the per-attempt timeout and the retries; everything ky
 * throws is translated here, so no ky class (whose `request` holds the appKey or bearer token) ever reaches a
 * user, and a CJS build that bundles its own ky copy behaves the same.
 */
export function createTransport(options: TransportOptions): Transport {
  const http = ky.create({
    // Looked up on every call: msw and users who patch fetch after creating the client must be honoured.
    fetch: async (input, init) => bufferBody(await (options.fetch ?? globalThis.fetch)(input, init)),
    timeout: options.timeout,
    // The appKey and the bearer token must never follow a redirect to another host.
    redirect: 'manual',
    throwHttpErrors: true,
  });

  return async (call) => {
    if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) {
      throw new TypeError(`${call.operation}: \`signal\` must be an AbortSignal.`);
    }
    let response: Response;
    try {
      response = await http(call.url, {
        method: call.method,
        headers: { accept: 'application/json', ...call.headers },
        ...(call.json === undefined ? {} : { json: call.json }),
        signal: call.signal ?? null,
        retry: {
          limit: call.retry,
          methods: ['get'],
          statusCodes: RETRY_STATUS_CODES,
          afterStatusCodes: [429, 503],
          retryOnTimeout: true,
          maxRetryAfter: 3_000,
          backoffLimit: 3_000,
        },
      });
    } catch (error) {
      throw await translate(error, call, options.timeout);
    }
    return readJson(response, call.operation);
  };
}

/**
 * Reads the whole body inside the attempt, where ky's per-attempt timeout and the caller's signal apply: a
 * server that sends headers and then stalls is a timeout (and retried like one), not a hang. Bodies here are a
 * few hundred bytes. Statuses a `Response` cannot be rebuilt with (0 for an opaque redirect) pass through.
 */
async function bufferBody(response: Response): Promise<Response> {
  if (response.status < 200 || response.status > 599) return response;
  const nullBody = response.status === 204 || response.status === 205 || response.status === 304;
  const body = nullBody ? null : await response.arrayBuffer();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function translate(error: unknown, call: TransportCall, timeoutMs: number): Promise<unknown> {
  // A caller's own abort comes back as the caller's reason, untouched.
  if (call.signal?.aborted) return call.signal.reason;
  if (error instanceof HTTPError) {
    const body = await error.response.text().catch(() => undefined);
    return errorFromResponse(call.operation, error.response.status, body);
  }
  if (error instanceof KyTimeoutError) return new TimeoutError(timeoutMs);
  return new NetworkError({ cause: safeCause(error) });
}

async function readJson(response: Response, operation: TruecallerOperation): Promise<unknown> {
  // Already in memory (see bufferBody), so reading it cannot fail or stall.
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new UnexpectedResponseError(`Truecaller answered ${operation} with a body that is not JSON.`, {
      status: response.status,
    });
  }
}
