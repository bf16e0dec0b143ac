import * as v from 'valibot';
import type { Gender } from './TruecallerProfile.js';

export type { Gender, TruecallerProfile } from './TruecallerProfile.js';

// Every field is lenient: the two published samples already disagree on types (numbers vs strings, "True" vs
// true, onlineIdentity vs onlineIdentities), so a field of an unexpected type is dropped, never fatal.
//
// Built once, at module load, and cheap to run: valibot checks that the body is a plain object (without copying
// it) and one transform writes the output once, each known field through its own normalizing function. A
// per-field `v.object` would build a dataset for every field and then an intermediate object that the merge of
// the two identity spellings rebuilds anyway. The public interfaces in `TruecallerProfile.ts` are pinned to this
// schema's output type by `tests/types/schemas.test-d.ts`.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string, or a number written as a string (`105056625245` -> `'105056625245'`). */
const toText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' && !Number.isNaN(value) ? String(value) : undefined;

/** A plain JSON object read as `keys`, each through {@link toText}; absent or mistyped members are left out. */
const textMembers =
  <K extends string>(keys: readonly K[]) =>
  (value: unknown): { [Key in K]?: string } | undefined => {
    if (!isPlainObject(value)) return undefined;
    const members: { [Key in K]?: string } = {};
    for (const key of keys) {
      const member = toText(value[key]);
      if (member !== undefined) members[key] = member;
    }
    return members;
  };

const NON_DIGITS = /[\s+\-().]/g;
const DIGITS = /^\d{4,20}$/;

const toDigits = (value: unknown): string | undefined => {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const only = value.replace(NON_DIGITS, '');
  return DIGITS.test(only) ? only : undefined;
};

const toPhoneNumbers = (value: unknown): string[] => {
  const numbers: string[] = [];
  if (!Array.isArray(value)) return numbers;
  for (const entry of value) {
    const digits = toDigits(entry);
    if (digits !== undefined) numbers.push(digits);
  }
  return numbers;
};

const toIdentities = textMembers(['email', 'facebookId', 'twitterId', 'url'] as const);
const toName = textMembers(['first', 'last'] as const);
const toAddress = textMembers(['countryCode', 'city', 'street', 'zipcode'] as const);

const toAddresses = (value: unknown) => {
  if (!Array.isArray(value)) return undefined;
  const addresses: NonNullable<ReturnType<typeof toAddress>>[] = [];
  for (const entry of value) {
    const address = toAddress(entry);
    if (address !== undefined) addresses.push(address);
  }
  return addresses;
};

const toBadges = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;

/** `true`, `"True"`, `"true"` -> true; `false`, `"False"`, `"false"` -> false; anything else is dropped. */
const toIsActive = (value: unknown): boolean | undefined => {
  if (value === true || value === 'True' || value === 'true') return true;
  if (value === false || value === 'False' || value === 'false') return false;
  return undefined;
};

const CREATED_TIME = /^\d{1,15}$/;

/** Milliseconds since the epoch, sent as a safe integer or as a string of up to 15 digits. */
const toCreatedTime = (value: unknown): number | undefined => {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === 'string' && CREATED_TIME.test(value) ? Number(value) : undefined;
};

/** The wire's fields, each with the function that normalizes it (`undefined` meaning "drop it"). */
const FIELDS = {
  phoneNumbers: toPhoneNumbers,
  name: toName,
  onlineIdentity: toIdentities,
  onlineIdentities: toIdentities,
  addresses: toAddresses,
  aboutMe: toText,
  companyName: toText,
  jobTitle: toText,
  gender: (value: unknown): Gender | undefined => toText(value),
  avatarUrl: toText,
  badges: toBadges,
  isActive: toIsActive,
  createdTime: toCreatedTime,
  id: toText,
  userId: toText,
  type: toText,
} satisfies Record<string, (value: unknown) => unknown>;

type Fields = { [Key in keyof typeof FIELDS]?: ReturnType<(typeof FIELDS)[Key]> };

/** The fields copied as they normalize (the identities are merged, the phone numbers always present). */
const COPIED = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).filter(
  (key) => key !== 'phoneNumbers' && key !== 'onlineIdentity' && key !== 'onlineIdentities',
);

/** What the schema produces: the fields with absent ones left out, and the two identity spellings merged. */
export type NormalizedProfile = Flat<
  { phoneNumbers: string[] } & {
    [Key in Exclude<keyof Fields, 'phoneNumbers' | 'onlineIdentity'>]?: Exclude<Fields[Key], undefined>;
  }
>;

/** One object type instead of an intersection (what a hover shows; modifiers are kept). */
type Flat<T> = { [Key in keyof T]: T[Key] };

function normalize(body: Record<string, unknown>): NormalizedProfile {
  const profile: NormalizedProfile = { phoneNumbers: toPhoneNumbers(body.phoneNumbers) };
  const out = profile as Record<string, unknown>;
  for (const key of COPIED) {
    const sent = body[key];
    if (sent === undefined) continue;
    const value = FIELDS[key](sent);
    if (value !== undefined) out[key] = value;
  }
  const onlineIdentity = body.onlineIdentity === undefined ? undefined : toIdentities(body.onlineIdentity);
  const onlineIdentities = body.onlineIdentities === undefined ? undefined : toIdentities(body.onlineIdentities);
  if (onlineIdentity !== undefined || onlineIdentities !== undefined) {
    profile.onlineIdentities = { ...onlineIdentity, ...onlineIdentities };
  }
  return profile;
}

/**
 * The profile body of `GET /v1/default`, normalized from both published shapes: phone numbers become digit
 * strings, `onlineIdentity` and `onlineIdentities` merge into `onlineIdentities`, `isActive` becomes a boolean
 * and `createdTime` a number. Absent fields stay absent. Fails only for a body that is not an object.
 *
 * @example
 * ```ts
 * const result = v.safeParse(ProfileSchema, JSON.parse(text))
 * if (result.success) console.log(result.output.phoneNumbers)
 * ```
 */
export const ProfileSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'Expected a JSON object.'),
  v.transform(normalize),
);
