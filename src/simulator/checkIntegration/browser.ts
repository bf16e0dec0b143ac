/** An app's answer, read once. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The body parsed as JSON, or `undefined` when it was empty or not JSON. */
  readonly json: unknown;
}

/**
 * One simulated browser: its own cookie jar (so the app's session cookie, and so its `state`, is this browser's
 * alone) and any headers the integrator's `session` option gives it.
 */
export class Browser {
  readonly #cookies = new Map<string, string>();
  readonly #headers: Headers;

  constructor(
    private readonly baseUrl: URL,
    private readonly fetcher: typeof fetch,
    headers: HeadersInit,
  ) {
    this.#headers = new Headers(headers);
  }

  /** Sends a request to `path` (resolved against the app's base URL) with this browser's cookies. */
  async send(
    method: 'GET' | 'POST',
    path: string,
    options: { json?: unknown; text?: string; query?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const headers = new Headers(this.#headers);
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookie !== '') headers.set('cookie', cookie);
    let body: string | undefined;
    if (options.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers.set('content-type', 'text/plain');
      body = options.text;
    }
    const response = await this.fetcher(url, {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    this.#keepCookies(response.headers);
    return readAnswer(response);
  }

  #keepCookies(headers: Headers): void {
    const lines = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
}

/** Reads a response's body once, as JSON when it is JSON. */
export async function readAnswer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json };
}

/** A short description of an answer for reports: the status and the `status`/`error` fields, nothing else. */
export function describeAnswer(answer: HttpAnswer): string {
  const fields: string[] = [];
  const json = answer.json as { status?: unknown; error?: unknown; reason?: unknown } | undefined;
  if (typeof json === 'object' && json !== null) {
    for (const key of ['status', 'reason', 'error'] as const) {
      if (typeof json[key] === 'string') fields.push(`${key}=${json[key]}`);
    }
  }
  return [String(answer.status), ...fields].join(' ');
}
