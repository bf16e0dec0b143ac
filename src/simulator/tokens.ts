import { randomToken } from '../internal/random.js';

/** Where a profile request arrived, for the region check. */
export interface ProfileSite {
  /** The URL requested, without query. */
  url: string;
  /** Whether it is a default profile URL (the configured `profileUrl`, or a `listen()` server's). */
  isDefault: boolean;
}

interface IssuedToken {
  profile: Record<string, unknown>;
  /** The regional endpoint the token belongs to; `undefined` for the default profile URL. */
  endpoint: string | undefined;
  expiresAt: number;
  usesLeft: number;
}

/** The access tokens the simulator issued: 64 URL-safe characters, each bound to one profile. */
export class TokenStore {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #endpoints = new Set<string>();

  constructor(
    private readonly ttl: number,
    private readonly uses: number,
    private readonly strictRegions: boolean,
    private readonly now: () => number,
  ) {}

  /** Issues a token whose profile is `profile`, valid at `endpoint` (or the default profile URL). */
  issue(profile: Record<string, unknown>, endpoint: string | undefined): string {
    const token = randomToken(48);
    this.#tokens.set(token, { profile, endpoint, expiresAt: this.now() + this.ttl, usesLeft: this.uses });
    if (endpoint !== undefined) this.#endpoints.add(withoutQuery(endpoint));
    return token;
  }

  /** Whether some token names `url` as its endpoint (so the simulator answers it as a profile URL). */
  isIssuedEndpoint(url: string): boolean {
    return this.#endpoints.has(url);
  }

  /** The profile for a bearer token presented at `site`, using one of its uses; `undefined` means 401. */
  redeem(token: string, site: ProfileSite): Record<string, unknown> | undefined {
    const issued = this.#tokens.get(token);
    if (issued === undefined) return undefined;
    if (this.now() >= issued.expiresAt) {
      this.#tokens.delete(token);
      return undefined;
    }
    if (this.strictRegions && !inRegion(issued.endpoint, site)) return undefined;
    issued.usesLeft -= 1;
    if (issued.usesLeft <= 0) this.#tokens.delete(token);
    return issued.profile;
  }

  /** Makes a token expire now (the integration check's expiry scenario). */
  expire(token: string): void {
    this.#tokens.delete(token);
  }
}

function inRegion(endpoint: string | undefined, site: ProfileSite): boolean {
  return endpoint === undefined ? site.isDefault : withoutQuery(endpoint) === site.url;
}

/** `url` without its query and fragment: the form endpoints are compared in. */
export function withoutQuery(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
