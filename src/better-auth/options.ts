import type { User } from 'better-auth';
import {
  MemoryTracker,
  type MobileWebLinkSettings,
  type PendingRequestTracker,
  TruecallerClient,
  type TruecallerClientOptions,
  type TruecallerProfile,
} from 'truecaller-web-login';
import { checkMobileWebLinkOptions } from '../mobileweb/linkOptions.js';

/**
 * How a new user is made from a verified profile when no user has the number yet. Each function gets the
 * profile Truecaller returned (its `phoneNumbers[0]` is not necessarily the verified one: use the user's
 * `phoneNumber`, which the plugin sets).
 *
 * @example
 * ```ts
 * truecaller({ client, callbackSecret, tracker, signUp: { name: (profile) => profile.name?.first ?? 'New user' } })
 * ```
 */
export interface TruecallerSignUpOptions {
  /** The new user's `name`. Default: the profile's first and last name, else the number (`+46761234567`). */
  name?: ((profile: TruecallerProfile) => string) | undefined;
  /**
   * The new user's `email` (Better Auth requires one, unique). Default: `<digits>@truecaller.invalid`, a
   * placeholder that can never receive mail. The profile's own email is not used by default: Truecaller does
   * not verify it, and an existing account with that email is never linked (the sign-up is refused instead).
   */
  email?: ((profile: TruecallerProfile) => string) | undefined;
}

/**
 * Options of {@link truecaller}.
 *
 * @example
 * ```ts
 * truecaller({
 *   client: { appKey: process.env.TRUECALLER_APP_KEY! },
 *   callbackSecret: process.env.TRUECALLER_CALLBACK_SECRET!,
 *   tracker: new RedisTracker(redis),
 * })
 * ```
 */
export interface TruecallerPluginOptions {
  /**
   * A ready `TruecallerClient`, or the options to build one: `{ appKey, ... }`, any `TruecallerClientOptions`
   * (`timeout`, `pendingTtl`, `onEvent`, ...). A ready client must keep its sign-ins in a store every instance
   * sees: one created with a `RedisTracker` or `PostgresTracker` is used as it is, while one holding a
   * `MemoryTracker` (also the default of a lone `new TruecallerClient({ appKey })`) is refused unless the same
   * tracker is also passed as `tracker`, the explicit opt-in for a single process.
   */
  client: TruecallerClient | TruecallerClientOptions;
  /**
   * The secret last path segment of the callback URL you register with Truecaller:
   * `<baseURL>/truecaller/callback/<callbackSecret>`. 16 to 256 URL-safe characters (`A-Z a-z 0-9 _ -`);
   * compared in constant time. A callback with another segment is answered 404 and does nothing.
   */
  callbackSecret: string;
  /**
   * Whether a verified number nobody has yet creates a user, and how. `false` refuses it (`SIGN_UP_DISABLED`,
   * 403) so the page can fall back to your own sign-up. Default `true`.
   */
  signUp?: boolean | TruecallerSignUpOptions | undefined;
  /**
   * Extra fields for a user the plugin creates (an `image`, your additional fields). Applied at sign-up only,
   * after `signUp.name` / `signUp.email`; it cannot set `id`, `phoneNumber` or `phoneNumberVerified`.
   */
  mapProfileToUser?: ((profile: TruecallerProfile) => Partial<User> & Record<string, unknown>) | undefined;
  /**
   * Turns on the mobile-web route (`POST /truecaller/mobile-web-link`): the options of the
   * `truecallersdk://` link (`partnerName` required; see the SDK's `createMobileWebLink`).
   */
  mobileWeb?: MobileWebLinkSettings | undefined;
  /**
   * Where pending sign-ins live between the start, the callback and the polls, which on several instances land
   * on different processes: a `RedisTracker` (from `truecaller-web-login/redis`), a `PostgresTracker`, or your
   * own. Required, here or as `client.tracker`. A `new MemoryTracker()` is the explicit opt-in for a single
   * instance.
   */
  tracker?: PendingRequestTracker | undefined;
}

/** The options after validation. */
export interface ResolvedPluginOptions {
  client: TruecallerClient;
  callbackSecret: string;
  signUp: false | TruecallerSignUpOptions;
  mapProfileToUser: TruecallerPluginOptions['mapProfileToUser'];
  mobileWeb: MobileWebLinkSettings | undefined;
  /** The client's `pendingTtl` (ms): how long a sign-in can be finished, so how long its state cookie lives. */
  pendingTtl: number;
}

const NO_TRACKER =
  'truecaller plugin: pending sign-ins need a store shared by every instance, and none is configured. Pass ' +
  '`tracker: new RedisTracker(redis)` (from truecaller-web-login/redis; it can use the Redis behind your ' +
  "secondaryStorage), or `tracker: new MemoryTracker()` if this app runs as ONE process. Better Auth's " +
  '`secondaryStorage` is not used: it has no set-if-absent and no compare-and-delete, which the per-number lock ' +
  'and the once-only callback need.';

const READY_CLIENT_IN_MEMORY =
  'truecaller plugin: the `client` you passed keeps pending sign-ins in a MemoryTracker (a lone `new ' +
  'TruecallerClient({ appKey })` does), which only this process sees. Create it with a shared tracker ' +
  '(`new RedisTracker(redis)` from truecaller-web-login/redis), or, if this app runs as ONE process, pass that ' +
  'same MemoryTracker as the `tracker` option to opt in.';

/**
 * Validates the plugin's options and builds the client, so a wrong deployment fails when the server starts,
 * not on a user's first sign-in.
 *
 * @throws {TypeError} naming the option: a missing `callbackSecret`, a ready `TruecallerClient` whose store is a
 *   `MemoryTracker` not also passed as `tracker`, no tracker, `tracker: false`, a tracker given twice, a `mobileWeb` without `partnerName` (or with a `ttl` beyond
 *   the client's `pendingTtl`), or an invalid client option.
 */
export function resolvePluginOptions(options: TruecallerPluginOptions): ResolvedPluginOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('truecaller plugin: pass { client, callbackSecret, tracker }.');
  }
  const { callbackSecret, signUp = true, mapProfileToUser, mobileWeb } = options;
  if (typeof callbackSecret !== 'string' || !/^[\w-]{16,256}$/.test(callbackSecret)) {
    throw new TypeError(
      'truecaller plugin: `callbackSecret` must be 16 to 256 URL-safe characters (A-Z a-z 0-9 _ -), e.g. ' +
        'crypto.randomUUID(); it is the last path segment of the callback URL you register with Truecaller.',
    );
  }
  if (typeof signUp !== 'boolean' && (typeof signUp !== 'object' || signUp === null)) {
    throw new TypeError('truecaller plugin: `signUp` must be a boolean or { name?, email? }.');
  }
  if (mapProfileToUser !== undefined && typeof mapProfileToUser !== 'function') {
    throw new TypeError('truecaller plugin: `mapProfileToUser` must be a function of the profile.');
  }
  const client = buildClient(options);
  const { pendingTtl } = client;
  if (mobileWeb !== undefined) checkMobileWeb(mobileWeb, pendingTtl);
  return {
    client,
    callbackSecret,
    signUp: signUp === true ? {} : signUp,
    mapProfileToUser,
    mobileWeb,
    pendingTtl,
  };
}

function buildClient({ client, tracker }: TruecallerPluginOptions): TruecallerClient {
  if (typeof client !== 'object' || client === null) {
    throw new TypeError('truecaller plugin: `client` must be the client options ({ appKey, ... }).');
  }
  // By shape too: a TruecallerClient of another copy of the package is not `instanceof` this one.
  if (
    client instanceof TruecallerClient ||
    typeof (client as Partial<TruecallerClient>).requestAuthorization === 'function'
  ) {
    return checkReadyClient(client as TruecallerClient, tracker);
  }
  if (client.tracker === false) {
    throw new TypeError('truecaller plugin: `client.tracker: false` turns the sign-in lifecycle off; it needs one.');
  }
  if (tracker !== undefined && client.tracker !== undefined && tracker !== client.tracker) {
    throw new TypeError('truecaller plugin: two different trackers given (`tracker` and `client.tracker`); pass one.');
  }
  const chosen = tracker ?? client.tracker;
  if (chosen === undefined) throw new TypeError(NO_TRACKER);
  return new TruecallerClient({ ...client, tracker: chosen });
}

/** A ready client is used as it is, once its store is known to be shared, or explicitly chosen for one process. */
function checkReadyClient(client: TruecallerClient, tracker: PendingRequestTracker | undefined): TruecallerClient {
  const own = client.tracker;
  if (own === undefined) {
    throw new TypeError('truecaller plugin: the `client` was created with `tracker: false`; the sign-in needs one.');
  }
  if (tracker !== undefined && tracker !== own) {
    throw new TypeError("truecaller plugin: `tracker` is not the `client`'s own tracker; pass one store, once.");
  }
  // By name too: a MemoryTracker of another copy of the package is not `instanceof` this one.
  const inMemory = own instanceof MemoryTracker || own.constructor?.name === 'MemoryTracker';
  if (inMemory && tracker !== own) throw new TypeError(READY_CLIENT_IN_MEMORY);
  return client;
}

/** The link options are checked now, as `createMobileWebLink` will check them on each link. */
function checkMobileWeb(mobileWeb: MobileWebLinkSettings, pendingTtl: number): void {
  if (typeof mobileWeb !== 'object' || mobileWeb === null || 'state' in mobileWeb || 'phoneNumber' in mobileWeb) {
    throw new TypeError('truecaller plugin: `mobileWeb` holds the link options ({ partnerName, ... }), without state.');
  }
  try {
    checkMobileWebLinkOptions(mobileWeb, pendingTtl);
  } catch (error) {
    throw new TypeError(`truecaller plugin: \`mobileWeb\`: ${(error as Error).message}`);
  }
}
