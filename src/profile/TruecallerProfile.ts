/**
 * Truecaller's gender values (`Male`, `Female`, `NotSet`); others it may add come through as strings.
 *
 * @example
 * ```ts
 * const known = (gender: Gender) => gender === 'Male' || gender === 'Female'
 * ```
 */
export type Gender = 'Male' | 'Female' | 'NotSet' | (string & {});

/**
 * A user's online identities, from the wire's `onlineIdentities` and its older spelling `onlineIdentity` (both
 * are read; when both are sent, members of `onlineIdentities` win). Each member is sent as a string or a number
 * and kept as a string; a member of any other type is dropped.
 *
 * @example
 * ```ts
 * const email = profile.onlineIdentities?.email
 * ```
 */
export interface TruecallerOnlineIdentities {
  /** The e-mail address the user entered in Truecaller. Not verified by Truecaller. */
  email?: string;
  /** Facebook id; sent as a number by some API versions, always a string here. */
  facebookId?: string;
  /** Twitter/X handle or id. */
  twitterId?: string;
  /** A web site the user entered. Not checked: treat it as untrusted input. */
  url?: string;
}

/**
 * A postal address from the wire's `addresses` list. Each member is sent as a string or a number (a `zipcode`
 * may be numeric) and kept as a string; a member of any other type is dropped.
 *
 * @example
 * ```ts
 * const city = profile.addresses?.[0]?.city
 * ```
 */
export interface TruecallerAddress {
  /** ISO 3166 alpha-2 country code as Truecaller sends it, often lowercase (`se`, `in`). */
  countryCode?: string;
  /** City name. */
  city?: string;
  /** Street line. */
  street?: string;
  /** Postal code, as a string even when the wire sends a number. */
  zipcode?: string;
}

/**
 * The user's name from the wire's `name` object. Either half may be absent.
 *
 * @example
 * ```ts
 * const display = [profile.name?.first, profile.name?.last].filter(Boolean).join(' ')
 * ```
 */
export interface TruecallerName {
  /** First name (sent as a string or number, kept as a string). */
  first?: string;
  /** Last name (sent as a string or number, kept as a string). */
  last?: string;
}

/**
 * The normalized fields of a Truecaller profile (`GET /v1/default`), without `raw`: what the SDK's profile
 * schema produces. Every field but `phoneNumbers` may be absent: users fill in what they like, and a field the
 * wire sends with an unexpected type is dropped, never fatal (the two published samples already disagree on
 * types). Absent fields are absent keys, never keys set to `undefined`.
 *
 * @example
 * ```ts
 * const fields: TruecallerProfileFields = { phoneNumbers: ['46761234567'], name: { first: 'Anna' } }
 * ```
 */
export interface TruecallerProfileFields {
  /**
   * The user's numbers as E.164 digits without `+` (`'46761234567'`). The wire sends JSON numbers or strings;
   * numbers become digit strings, and spaces, `+`, `-`, `(`, `)` and `.` are stripped from strings. Entries that
   * are not 4 to 20 digits (or not positive safe integers) are dropped. `[]` when the wire sends none.
   */
  phoneNumbers: string[];
  /** The user's name; see {@link TruecallerName}. */
  name?: TruecallerName;
  /** Online identities, `onlineIdentity` and `onlineIdentities` merged; see {@link TruecallerOnlineIdentities}. */
  onlineIdentities?: TruecallerOnlineIdentities;
  /** Addresses; entries that are not JSON objects are dropped (the list may then be empty). */
  addresses?: TruecallerAddress[];
  /** The user's status line (`aboutMe`), as a string. */
  aboutMe?: string;
  /** Employer, as a string. */
  companyName?: string;
  /** Job title, as a string. */
  jobTitle?: string;
  /** Gender as sent (`Male`, `Female`, `NotSet`, …); a numeric value becomes a string. */
  gender?: Gender;
  /** URL of the user's picture. Not checked: treat it as untrusted input. */
  avatarUrl?: string;
  /** Badges such as `verified` or `premium`; entries that are not strings are dropped. */
  badges?: string[];
  /** Whether the account is active: `true` or `"True"`/`"true"` give `true`, `false` or `"False"`/`"false"` give `false`. */
  isActive?: boolean;
  /** When the account was created, in ms since the epoch; sent as a number or a string of up to 15 digits. */
  createdTime?: number;
  /** Truecaller's profile id, as a string even when sent as a number. */
  id?: string;
  /** Truecaller's user id, as a string even when sent as a number. */
  userId?: string;
  /** The account type as sent, as a string. */
  type?: string;
}

/**
 * A Truecaller user's profile, normalized (see {@link TruecallerProfileFields} for what each field is and how
 * the wire's variants are read), plus `raw`: the JSON exactly as Truecaller sent it, for fields this type does
 * not know yet. Fields other than `phoneNumbers` and `raw` may be absent.
 *
 * @example
 * ```ts
 * const profile = await client.fetchProfile(callback.accessToken)
 * console.log(profile.name?.first, profile.phoneNumbers[0])
 * ```
 */
export interface TruecallerProfile extends TruecallerProfileFields {
  /** The body as received, before normalization. Untrusted: never render it without escaping. */
  raw: Record<string, unknown>;
}
