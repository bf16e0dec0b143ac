import * as v from 'valibot';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import { parseDeepLink } from './deepLink.js';
import { type CallbackInProgress, type CallbackTarget, deliverCallback } from './deliverCallback.js';
import {
  FaultQueue,
  type InjectedFault,
  type InjectOptions,
  type SimulatedEndpoint,
  type SimulatedFault,
} from './faults.js';
import {
  checkDigits,
  checkUser,
  type PhoneAnswer,
  type ResolvedSimulatorOptions,
  type SimulatedDecision,
  type SimulatedUser,
} from './options.js';
import type { SimulatedCallback, SimulatedRequest } from './records.js';
import { StartCallBodySchema } from './schemas.js';
import { sleep } from './time.js';
import { TokenStore, withoutQuery } from './tokens.js';
import {
  BAD_REQUEST_BODY,
  defaultProfile,
  documentedErrorBody,
  FORBIDDEN_NUMBER_BODY,
  INVALID_CREDENTIALS_BODY,
  jsonResponse,
  METHOD_NOT_ALLOWED_BODY,
  REGIONAL_PROFILE_URL,
  type SignInFlow,
  UNAUTHORIZED_BODY,
} from './wire.js';

/** The URLs one transport answers as Truecaller's two endpoints (Truecaller's hosts, or a loopback server's). */
export interface SimulatorSite {
  readonly requestsUrl: string;
  readonly profileUrl: string;
}

/** What the simulator does with one request; each transport turns it into its own terms. */
export type Outcome =
  | { readonly type: 'response'; readonly response: Response }
  | { readonly type: 'reset' }
  | { readonly type: 'hang' }
  | { readonly type: 'stall' }
  | { readonly type: 'unrouted' };

/** A user as the simulator acts on them. */
export interface ResolvedUser {
  phoneNumber: string;
  profile: Record<string, unknown> | undefined;
  decision: SimulatedDecision;
  endpoint: string | undefined;
}

/** A prompt on a user's phone: one sign-in, from the start call or the deep link. */
interface Prompt {
  readonly requestId: string;
  readonly flow: SignInFlow;
  readonly user: ResolvedUser;
  readonly state: string | undefined;
  answered: boolean;
  cancelTimer: (() => void) | undefined;
}

/**
 * What `simulator.issueToken` issues a token for: a number, a profile body, or both, optionally bound to a
 * regional endpoint.
 *
 * @example
 * ```ts
 * simulator.issueToken({ profile: { phoneNumbers: [46701234567], name: { first: 'Someone', last: 'Else' } } })
 * simulator.issueToken({ phoneNumber: '919999999999', flow: 'mobile-web', endpoint: 'https://profile4-noneu.truecaller.com/v1/default' })
 * ```
 */
export interface TokenGrant {
  /** A number: the profile of its user (from `users`), or a default profile listing it. */
  phoneNumber?: string | undefined;
  /** The profile body to answer with, verbatim; wins over `phoneNumber`'s. */
  profile?: Record<string, unknown> | undefined;
  /** The regional endpoint the token belongs to (a callback's `endpoint`). Default: the user's, else none. */
  endpoint?: string | undefined;
  /** The shape of a default profile: `'web'` (default) or `'mobile-web'`. */
  flow?: SignInFlow | undefined;
}

/**
 * The simulator's state and behaviour, shared by its transports (`fetch`, msw handlers, `listen()`) and by
 * `checkIntegration`. `TruecallerSimulator` is its public face.
 */
export class SimulatorEngine {
  readonly options: ResolvedSimulatorOptions;
  readonly requests: SimulatedRequest[] = [];
  readonly callbacks: SimulatedCallback[] = [];
  /** The URLs `simulator.fetch` and the msw handlers answer. */
  readonly inProcess: SimulatorSite;
  callbackUrl: string | undefined;
  readonly #tokens: TokenStore;
  readonly #faults = new FaultQueue();
  readonly #prompts = new Map<string, Prompt>();
  /** Users added by `checkIntegration`, or numbers it wants refused (`false`); these win over `users`. */
  readonly #overrides = new Map<string, ResolvedUser | false>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: ResolvedSimulatorOptions) {
    this.options = options;
    this.callbackUrl = options.callbackUrl;
    this.inProcess = { requestsUrl: withoutQuery(options.requestsUrl), profileUrl: withoutQuery(options.profileUrl) };
    this.#tokens = new TokenStore(options.tokenTtl, options.tokenUses, options.strictRegions, options.now);
  }

  // -- requests ---------------------------------------------------------------------------------------------

  /** Which endpoint `url` is at `site`, if any. */
  route(url: URL, site: SimulatorSite): SimulatedEndpoint | undefined {
    const bare = `${url.origin}${url.pathname}`;
    if (bare === site.requestsUrl) return 'requests';
    if (bare === site.profileUrl || REGIONAL_PROFILE_URL.test(bare) || this.#isUserEndpoint(bare)) return 'profile';
    return undefined;
  }

  /** The static endpoints of the configured users (for msw, whose handlers are made once). */
  userEndpoints(): string[] {
    const { users } = this.options;
    if (typeof users === 'function') return [];
    return users.flatMap((user) => (user.endpoint === undefined ? [] : [withoutQuery(user.endpoint)]));
  }

  /**
   * Answers one request to `site`: records it, applies the next injected fault for its endpoint, and otherwise
   * answers as Truecaller does. `signal` ends an injected delay early (the caller gave up).
   */
  async answer(request: Request, site: SimulatorSite, signal?: AbortSignal): Promise<Outcome> {
    const url = new URL(request.url);
    const endpoint = this.route(url, site);
    if (endpoint === undefined) return { type: 'unrouted' };
    const text = request.body === null ? '' : await request.clone().text();
    this.requests.push(record(request, endpoint, text, this.options.now()));

    const fault = this.#faults.take(endpoint);
    if (fault?.delay !== undefined && fault.delay > 0) await sleep(fault.delay, signal);
    if (fault?.reset) return { type: 'reset' };
    if (fault?.hang) return { type: 'hang' };
    if (fault?.stall) return { type: 'stall' };
    if (fault?.respond !== undefined) return { type: 'response', response: await fault.respond(request) };
    if (fault?.status !== undefined) return { type: 'response', response: faultResponse(endpoint, fault) };

    const response =
      endpoint === 'requests' ? this.#answerStartCall(request, text) : this.#answerProfileCall(request, url, site);
    return { type: 'response', response };
  }

  #answerStartCall(request: Request, text: string): Response {
    if (request.method !== 'POST') return jsonResponse(METHOD_NOT_ALLOWED_BODY, 405);
    if (request.headers.get('appKey') !== this.options.appKey) return jsonResponse(INVALID_CREDENTIALS_BODY, 404);
    const parsed = v.safeParse(StartCallBodySchema, parseJson(text));
    if (!parsed.success) return jsonResponse(BAD_REQUEST_BODY, 400);
    const user = this.findUser(String(parsed.output.phoneNumber));
    if (user === undefined) return jsonResponse(FORBIDDEN_NUMBER_BODY, 403);
    const requestId = opaqueRequestId();
    this.#prompt({ requestId, flow: 'web', user, state: parsed.output.state });
    return jsonResponse({ requestId });
  }

  #answerProfileCall(request: Request, url: URL, site: SimulatorSite): Response {
    if (request.method !== 'GET') return jsonResponse(METHOD_NOT_ALLOWED_BODY, 405);
    const authorization = request.headers.get('authorization') ?? '';
    const token = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
    const bare = `${url.origin}${url.pathname}`;
    const profile =
      token === '' ? undefined : this.#tokens.redeem(token, { url: bare, isDefault: bare === site.profileUrl });
    if (profile === undefined) return jsonResponse(UNAUTHORIZED_BODY, 401);
    return jsonResponse(profile);
  }

  /** Adds a fault for the next requests to `endpoint`. */
  inject(endpoint: SimulatedEndpoint, fault: SimulatedFault, options?: InjectOptions): InjectedFault {
    return this.#faults.add(endpoint, fault, options);
  }

  // -- users ------------------------------------------------------------------------------------------------

  /** The user with this number, or `undefined` when Truecaller would refuse it (403/1008). */
  findUser(phoneNumber: string): ResolvedUser | undefined {
    const override = this.#overrides.get(phoneNumber);
    if (override !== undefined) return override === false ? undefined : override;
    const { users } = this.options;
    const found =
      typeof users === 'function' ? users(phoneNumber) : users.find((user) => user.phoneNumber === phoneNumber);
    if (found === undefined) return undefined;
    if (typeof users === 'function') checkUser('TruecallerSimulator: the user `users` returned', found);
    return resolveUser(phoneNumber, found);
  }

  /** Adds a user (or, with `false`, makes a number refused) ahead of the configured `users`. */
  override(phoneNumber: string, user: Omit<SimulatedUser, 'phoneNumber'> | false): void {
    this.#overrides.set(phoneNumber, user === false ? false : resolveUser(phoneNumber, user));
  }

  #isUserEndpoint(bare: string): boolean {
    if (this.#tokens.isIssuedEndpoint(bare)) return true;
    return this.userEndpoints().includes(bare);
  }

  // -- prompts and decisions --------------------------------------------------------------------------------

  /** The prompt for `requestId`: the number, the state and the flow (for `checkIntegration`). */
  promptOf(requestId: string): { phoneNumber: string; state: string | undefined; flow: SignInFlow } | undefined {
    const prompt = this.#prompts.get(requestId);
    return prompt === undefined
      ? undefined
      : { phoneNumber: prompt.user.phoneNumber, state: prompt.state, flow: prompt.flow };
  }

  #prompt(fields: Omit<Prompt, 'answered' | 'cancelTimer'>): void {
    const prompt: Prompt = { ...fields, answered: false, cancelTimer: undefined };
    this.#prompts.set(prompt.requestId, prompt);
    const { decision } = prompt.user;
    if (decision === 'ignore') return;
    let cancelled = false;
    const timer = new Promise<void>((resolve) => {
      const handle = setTimeout(resolve, this.options.decisionDelay);
      prompt.cancelTimer = () => {
        cancelled = true;
        clearTimeout(handle);
        resolve();
      };
    });
    this.#track(
      timer.then(() => {
        if (!cancelled) return this.#answer(prompt, decision, undefined);
        return undefined;
      }),
    );
  }

  /**
   * The user answers the prompt for `requestId` now (replacing a scheduled answer that has not happened yet).
   * `target` overrides where the callback goes.
   *
   * @throws {Error} when no prompt has this requestId, or it was already answered.
   */
  decide(requestId: string, answer: PhoneAnswer, target?: CallbackTarget): Promise<SimulatedCallback> {
    if (answer !== 'approve' && answer !== 'user_rejected' && answer !== 'use_another_number') {
      throw new TypeError("simulator.decide: the answer must be 'approve', 'user_rejected' or 'use_another_number'.");
    }
    const prompt = typeof requestId === 'string' ? this.#prompts.get(requestId) : undefined;
    if (prompt === undefined)
      throw new Error('simulator.decide: no sign-in with this requestId reached the simulator.');
    if (prompt.answered) throw new Error('simulator.decide: this sign-in was already answered on the phone.');
    prompt.cancelTimer?.();
    return this.#track(this.#answer(prompt, answer, target));
  }

  #answer(prompt: Prompt, answer: PhoneAnswer, target: CallbackTarget | undefined): Promise<SimulatedCallback> {
    prompt.answered = true;
    const { requestId, user, state } = prompt;
    let body: Record<string, unknown>;
    if (answer === 'approve') {
      const profile = user.profile ?? defaultProfile(user.phoneNumber, prompt.flow, this.options.now());
      const accessToken = this.#tokens.issue(profile, user.endpoint);
      body = { requestId, accessToken };
      if (state !== undefined) body.state = state;
      if (user.endpoint !== undefined) body.endpoint = user.endpoint;
    } else {
      // "status is only sent for rejected cases"
      body = { requestId, status: answer };
      if (state !== undefined) body.state = state;
    }
    return this.#send(prompt, body, target);
  }

  async #send(prompt: Prompt, body: Record<string, unknown>, override: CallbackTarget | undefined) {
    const target = override ?? this.#target();
    const callback: CallbackInProgress = {
      requestId: prompt.requestId,
      flow: prompt.flow,
      body: Object.freeze(body),
      target: target.type,
      attempts: [],
      delivered: false,
    };
    this.callbacks.push(callback);
    await deliverCallback(callback, target, {
      timeout: this.options.callbackTimeout,
      retries: this.options.callbackRetries,
      retryDelay: this.options.callbackRetryDelay,
    });
    return callback;
  }

  #target(): CallbackTarget {
    if (this.callbackUrl !== undefined) return { type: 'url', url: this.callbackUrl };
    if (this.options.onCallback !== undefined) return { type: 'function', deliver: this.options.onCallback };
    return { type: 'none' };
  }

  /**
   * The user taps a mobile-web deep link on their phone: the link is checked like the Truecaller app would, and
   * the user's decision is scheduled; the callback carries the link's nonce as `requestId` and no `state`.
   *
   * @throws {TypeError} for a malformed link, another app's partnerKey, a reused nonce or an unknown number.
   */
  openDeepLink(link: string | URL, phoneNumber: string): string {
    const { requestNonce, partnerKey } = parseDeepLink(link);
    if (partnerKey !== this.options.appKey) {
      throw new TypeError(
        "openDeepLink: the link's partnerKey is not the simulator's appKey; the Truecaller app would show an error and send no callback.",
      );
    }
    if (this.#prompts.has(requestNonce)) {
      throw new TypeError('openDeepLink: this requestNonce was already used; every sign-in needs a fresh one.');
    }
    const user = this.findUser(checkDigits('openDeepLink', phoneNumber));
    if (user === undefined) {
      throw new TypeError(
        `openDeepLink: ${maskPhoneNumber(phoneNumber)} is not one of the simulator's users, so no Truecaller app would answer the link.`,
      );
    }
    this.#prompt({ requestId: requestNonce, flow: 'mobile-web', user, state: undefined });
    return requestNonce;
  }

  // -- tokens -----------------------------------------------------------------------------------------------

  /** Issues an access token, as if a user had approved a sign-in. */
  issueToken(grant: string | TokenGrant): string {
    const { phoneNumber, profile, endpoint, flow = 'web' } = typeof grant === 'string' ? { phoneNumber: grant } : grant;
    if (profile === undefined && phoneNumber === undefined) {
      throw new TypeError('simulator.issueToken: give a `phoneNumber` or a `profile`.');
    }
    if (profile !== undefined && (typeof profile !== 'object' || profile === null || Array.isArray(profile))) {
      throw new TypeError('simulator.issueToken: `profile` must be a JSON object.');
    }
    const user =
      phoneNumber === undefined ? undefined : this.findUser(checkDigits('simulator.issueToken', phoneNumber));
    const body = profile ?? user?.profile ?? defaultProfile(phoneNumber ?? '', flow, this.options.now());
    return this.#tokens.issue(body, endpoint ?? user?.endpoint);
  }

  /** Makes a token expire now. */
  expireToken(token: string): void {
    this.#tokens.expire(token);
  }

  // -- settling ---------------------------------------------------------------------------------------------

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Resolves once no decision or callback delivery is scheduled or running. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}

function resolveUser(phoneNumber: string, user: Omit<SimulatedUser, 'phoneNumber'>): ResolvedUser {
  return {
    phoneNumber,
    profile: user.profile,
    decision: user.decision ?? 'approve',
    endpoint: user.endpoint,
  };
}

function record(request: Request, endpoint: SimulatedEndpoint, text: string, at: number): SimulatedRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return Object.freeze({
    endpoint,
    method: request.method,
    url: request.url,
    headers: Object.freeze(headers),
    body: parseJson(text),
    text,
    at,
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const NULL_BODY_STATUSES = [204, 205, 304];

function faultResponse(endpoint: SimulatedEndpoint, fault: SimulatedFault): Response {
  const status = fault.status ?? 500;
  const body = NULL_BODY_STATUSES.includes(status) ? undefined : (fault.body ?? documentedErrorBody(endpoint, status));
  if (body === undefined) return new Response(null, { status, headers: fault.headers ?? {} });
  if (typeof body === 'string') {
    return new Response(body, { status, headers: { 'content-type': 'application/json', ...fault.headers } });
  }
  return jsonResponse(body, status, fault.headers ?? {});
}

/** An opaque requestId like Truecaller's (`vXbyFPwqiCAHZyxAldA9M9DDXKk=`): standard base64, so `+`, `/`, `=` occur. */
function opaqueRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
