import { TruecallerRouteError } from './errors.js';

/** What every helper accepts besides its own options. */
export interface RouteCallOptions {
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** fetch implementation. Default: the global `fetch`, looked up on every call. */
  fetch?: typeof fetch | undefined;
}

/** A route's answer: its status, its JSON body (if any) and when to retry (429/503). */
export interface RouteAnswer {
  status: number;
  body: unknown;
  retryAfterMs: number | undefined;
}

/** Sends one request. Rejects with the signal's reason on abort, `network_error` when nothing came back. */
export async function send(url: string, init: RequestInit, options: RouteCallOptions): Promise<RouteAnswer> {
  const { signal } = options;
  const request = { ...init, signal: signal ?? null };
  let response: Response;
  try {
    response = await (options.fetch ? options.fetch(url, request) : fetch(url, request));
  } catch (cause) {
    signal?.throwIfAborted();
    throw new TruecallerRouteError('network_error', 'The route could not be reached.', undefined, undefined, cause);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    signal?.throwIfAborted();
  }
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  const fromBody = (body as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return {
    status: response.status,
    body,
    retryAfterMs: typeof fromBody === 'number' ? fromBody : seconds >= 0 ? seconds * 1000 : undefined,
  };
}

/** The body of a 2xx JSON-object answer; any other answer becomes a {@link TruecallerRouteError}. */
export function bodyOf(answer: RouteAnswer): Record<string, unknown> {
  const body = answer.body as Record<string, unknown> | undefined;
  const ok = answer.status >= 200 && answer.status < 300;
  if (ok && typeof body === 'object' && body !== null) return body;
  const error = ok || typeof body?.error !== 'string' ? 'unexpected_response' : body.error;
  const message = typeof body?.message === 'string' ? body.message : `The route answered ${answer.status}.`;
  throw new TruecallerRouteError(error, message, answer.status, answer.retryAfterMs);
}

/** Sends JSON with POST and returns the 2xx body. */
export async function postJson(url: string, json: unknown, options: RouteCallOptions) {
  const init: RequestInit =
    json === undefined
      ? { method: 'POST' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) };
  return bodyOf(await send(url, init, options));
}

/** Throws `unexpected_response` unless `value` is a non-empty string. */
export function stringField(value: unknown, status = 200): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new TruecallerRouteError('unexpected_response', 'The route answered without the expected field.', status);
}
