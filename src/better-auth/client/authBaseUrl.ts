import type { BetterAuthClientOptions } from 'better-auth/client';

/**
 * Where the auth routes live, as Better Auth's client works it out: `baseURL` with `basePath` (default
 * `/api/auth`) appended unless `baseURL` already has a path; without a `baseURL`, the path alone (same origin).
 */
export function authBaseUrl(options: BetterAuthClientOptions | undefined): string {
  const path = `/${(options?.basePath ?? '/api/auth').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const baseURL = options?.baseURL;
  if (baseURL === undefined || baseURL === '') return path;
  const trimmed = baseURL.replace(/\/+$/, '');
  return new URL(baseURL).pathname.replace(/\/+$/, '') === '' ? `${trimmed}${path}` : trimmed;
}

/**
 * The fetch the `/browser` helpers use for the auth routes: the auth client's `customFetchImpl` (or the global
 * fetch, looked up per call), with credentials included and the client's `fetchOptions.headers`, as Better Auth's
 * own calls have them.
 */
export function authFetch(options: BetterAuthClientOptions | undefined): typeof fetch {
  const fetchOptions = options?.fetchOptions as { customFetchImpl?: typeof fetch; headers?: HeadersInit } | undefined;
  return (input, init) => {
    const headers = new Headers(fetchOptions?.headers);
    for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
    const impl = fetchOptions?.customFetchImpl ?? globalThis.fetch;
    return impl(input, { ...init, headers, credentials: 'include' });
  };
}
