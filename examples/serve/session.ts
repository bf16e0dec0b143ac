// The demo app's cookie session: a random id in the `sid` cookie, and who is signed in, in memory. A real app
// keeps its own sessions; the SDK only needs a stable id per browser (the routes' `state` option).
import type { CompletedSignIn } from 'truecaller-web-login';
import { maskPhoneNumber } from 'truecaller-web-login';

const COOKIE = 'sid';

/** A signed-in user, as the account route shows it: never the whole profile, never the full number. */
export interface Account {
  name: string;
  phoneNumber: string;
}

/** Sessions by id: `undefined` until the sign-in completes. */
export class Sessions {
  readonly #accounts = new Map<string, Account | undefined>();

  /** The session id in the request's `sid` cookie, if it is one this app handed out. */
  idOf(request: Request): string | undefined {
    for (const part of (request.headers.get('cookie') ?? '').split(';')) {
      const [name, value] = part.trim().split('=');
      if (name === COOKIE && value !== undefined && this.#accounts.has(value)) return value;
    }
    return undefined;
  }

  /** A new session, as a `Set-Cookie` value (loopback http: no `Secure`; a deployed app adds it). */
  create(): string {
    const id = crypto.randomUUID();
    this.#accounts.set(id, undefined);
    return `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`;
  }

  /** Who is signed in on this request's session. */
  accountOf(request: Request): Account | undefined {
    const id = this.idOf(request);
    return id === undefined ? undefined : this.#accounts.get(id);
  }

  /**
   * The routes' `onCompleted`: signs the browser's session in and tells the page the user's name. A real app
   * would also rotate the session id here.
   */
  readonly onCompleted = (result: CompletedSignIn, request: Request): Response => {
    const { first = '', last = '' } = result.profile.name ?? {};
    const account = { name: `${first} ${last}`.trim(), phoneNumber: maskPhoneNumber(result.phoneNumber) };
    const id = this.idOf(request);
    if (id !== undefined) this.#accounts.set(id, account);
    return Response.json({ status: 'completed', name: account.name }, { headers: { 'cache-control': 'no-store' } });
  };
}
