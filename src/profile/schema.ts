import * as v from 'valibot';
import type { Gender } from './TruecallerProfile.js';

export type { Gender, TruecallerProfile } from './TruecallerProfile.js';

// Every field is lenient: the two published samples already disagree on types (numbers vs strings, "True" vs
// true, onlineIdentity vs onlineIdentities), so a field of an unexpected type is dropped, never fatal.
//
// Built once, at module load, and cheap to run: each field is one `unknown` check piped into one normalizing
// function (no unions, fallbacks or nested schemas that would build issue objects for a dropped field), and the
// output object is written once. The public interfaces in `TruecallerProfile.ts` are pinned to this schema's
// output type by `tests/types/profile.test-d.ts`.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field that never fails: `normalize` maps what was sent to what is kept, `undefined` meaning "drop it". */
const lenient = <T>(normalize: (value: unknown) => T | undefined) =>
  v.optional(v.pipe(v.unknown(), v.transform(normalize)));

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

/** The wire's fields, each normalized on its own. */
const ProfileFieldsSchema = v.object({
  phoneNumbers: lenient(toPhoneNumbers),
  name: lenient(toName),
  onlineIdentity: lenient(toIdentities),
  onlineIdentities: lenient(toIdentities),
  addresses: lenient(toAddresses),
  aboutMe: lenient(toText),
  companyName: lenient(toText),
  jobTitle: lenient(toText),
  gender: lenient((value): Gender | undefined => toText(value)),
  avatarUrl: lenient(toText),
  badges: lenient(toBadges),
  isActive: lenient(toIsActive),
  createdTime: lenient(toCreatedTime),
  id: lenient(toText),
  userId: lenient(toText),
  type: lenient(toText),
});

type Fields = v.InferOutput<typeof ProfileFieldsSchema>;

/** What the schema produces: the fields with absent ones left out, and the two identity spellings merged. */
export type NormalizedProfile = Flat<
  { phoneNumbers: string[] } & {
    [Key in Exclude<keyof Fields, 'phoneNumbers' | 'onlineIdentity'>]?: Exclude<Fields[Key], undefined>;
  }
>;

/** One object type instead of an intersection (what a hover shows; modifiers are kept). */
type Flat<T> = { [Key in keyof T]: T[Key] };

function normalize(fields: Fields): NormalizedProfile {
  const profile: NormalizedProfile = { phoneNumbers: fields.phoneNumbers ?? [] };
  const out = profile as Record<string, unknown>;
  for (const key in fields) {
    if (key === 'phoneNumbers' || key === 'onlineIdentity' || key === 'onlineIdentities') continue;
    const value = fields[key as keyof Fields];
    if (value !== undefined) out[key] = value;
  }
  const { onlineIdentity, onlineIdentities } = fields;
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
export const ProfileSchema = v.pipe(ProfileFieldsSchema, v.transform(normalize));
