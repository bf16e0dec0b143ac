import * as v from 'valibot';
import { withoutUndefined } from '../internal/withoutUndefined.js';

// Every field is lenient: the two published samples already disagree on types (numbers vs strings, "True" vs
// true, onlineIdentity vs onlineIdentities), so a field of an unexpected type is dropped, never fatal.
const lenient = <T extends v.GenericSchema>(schema: T) => v.fallback(v.optional(schema), undefined);

/** valibot's `object` accepts arrays too; a profile's nested objects are plain JSON objects or nothing. */
const record = <T extends v.ObjectEntries>(entries: T) =>
  v.pipe(
    v.custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input)),
    v.object(entries),
  );

const text = lenient(v.pipe(v.union([v.string(), v.number()]), v.transform(String)));

const digits = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value !== 'string') return undefined;
  const only = value.replace(/[\s+\-().]/g, '');
  return /^\d{4,20}$/.test(only) ? only : undefined;
};

const phoneNumbers = v.fallback(
  v.pipe(
    v.array(v.unknown()),
    v.transform((list) => list.map(digits).filter((entry): entry is string => entry !== undefined)),
  ),
  [],
);

const identities = lenient(
  v.pipe(
    record({ email: text, facebookId: text, twitterId: text, url: text }),
    v.transform((identity) => withoutUndefined(identity)),
  ),
);

const address = v.pipe(
  record({ countryCode: text, city: text, street: text, zipcode: text }),
  v.transform((value) => withoutUndefined(value)),
);

const addresses = lenient(
  v.pipe(
    v.array(v.unknown()),
    v.transform((list) =>
      list.flatMap((entry) => {
        const result = v.safeParse(address, entry);
        return result.success ? [result.output] : [];
      }),
    ),
  ),
);

const name = lenient(
  v.pipe(
    record({ first: text, last: text }),
    v.transform((value) => withoutUndefined(value)),
  ),
);

const badges = lenient(
  v.pipe(
    v.array(v.unknown()),
    v.transform((list) => list.filter((entry): entry is string => typeof entry === 'string')),
  ),
);

/** `true`, `"True"`, `"true"` -> true; `false`, `"False"` -> false. */
const isActive = lenient(
  v.pipe(
    v.union([v.boolean(), v.picklist(['True', 'true', 'False', 'false'])]),
    v.transform((value) => value === true || value === 'True' || value === 'true'),
  ),
);

/** Milliseconds since the epoch, sent as a number or as a string of digits. */
const createdTime = lenient(
  v.pipe(
    v.union([v.pipe(v.number(), v.safeInteger()), v.pipe(v.string(), v.regex(/^\d{1,15}$/))]),
    v.transform(Number),
  ),
);

/**
 * The profile body of `GET /v1/default`, normalized from both published shapes: phone numbers become digit
 * strings, `onlineIdentity` and `onlineIdentities` merge into `onlineIdentities`, `isActive` becomes a boolean
 * and `createdTime` a number. Absent fields stay absent.
 */
export const ProfileSchema = v.pipe(
  v.object({
    phoneNumbers,
    name,
    onlineIdentity: identities,
    onlineIdentities: identities,
    addresses,
    aboutMe: text,
    companyName: text,
    jobTitle: text,
    gender: text,
    avatarUrl: text,
    badges,
    isActive,
    createdTime,
    id: text,
    userId: text,
    type: text,
  }),
  v.transform(({ phoneNumbers, onlineIdentity, onlineIdentities, gender, ...rest }) => ({
    phoneNumbers,
    ...withoutUndefined({
      ...rest,
      gender: gender as Gender | undefined,
      onlineIdentities:
        onlineIdentity === undefined && onlineIdentities === undefined
          ? undefined
          : { ...onlineIdentity, ...onlineIdentities },
    }),
  })),
);

/** Truecaller's values; others it may add come through as strings. */
export type Gender = 'Male' | 'Female' | 'NotSet' | (string & {});

/**
 * A Truecaller user's profile, normalized. Every field but `phoneNumbers` and `raw` may be absent: users fill
 * in what they like. `raw` is the JSON exactly as Truecaller sent it, for fields this type does not know yet.
 */
export type TruecallerProfile = v.InferOutput<typeof ProfileSchema> & {
  /** The body as received, before normalization. */
  raw: Record<string, unknown>;
};
