// The public types are hand-written interfaces (so hovers show documented fields, not a valibot expression);
// these tests pin each one to the output type of the schema that produces it, both ways, so neither can drift.
import type {
  AuthorizedCallback,
  Gender,
  RejectedCallback,
  RejectionReason,
  TruecallerCallback,
  TruecallerProfile,
} from 'truecaller-web-login';
import type * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';
import type { AuthorizedCallbackSchema, RejectedCallbackSchema } from '../../src/callback/schema.js';
import type { ProfileSchema } from '../../src/profile/schema.js';

describe('public types match the schemas', () => {
  test('TruecallerProfile without raw is what ProfileSchema produces', () => {
    type Produced = v.InferOutput<typeof ProfileSchema>;
    expectTypeOf<Omit<TruecallerProfile, 'raw'>>().toEqualTypeOf<Produced>();
    expectTypeOf<Produced>().toEqualTypeOf<Omit<TruecallerProfile, 'raw'>>();
    expectTypeOf<Produced>().toExtend<Omit<TruecallerProfile, 'raw'>>();
    expectTypeOf<Omit<TruecallerProfile, 'raw'>>().toExtend<Produced>();
    expectTypeOf<TruecallerProfile['raw']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<TruecallerProfile['gender']>().toEqualTypeOf<Gender | undefined>();
  });

  test('AuthorizedCallback is what AuthorizedCallbackSchema produces', () => {
    type Produced = v.InferOutput<typeof AuthorizedCallbackSchema>;
    expectTypeOf<AuthorizedCallback>().toEqualTypeOf<Produced>();
    expectTypeOf<Produced>().toEqualTypeOf<AuthorizedCallback>();
  });

  test('RejectedCallback is what RejectedCallbackSchema produces', () => {
    type Produced = v.InferOutput<typeof RejectedCallbackSchema>;
    expectTypeOf<RejectedCallback>().toEqualTypeOf<Produced>();
    expectTypeOf<Produced>().toEqualTypeOf<RejectedCallback>();
    expectTypeOf<RejectedCallback['reason']>().toEqualTypeOf<RejectionReason>();
  });

  test('TruecallerCallback is the union of the two schemas’ outputs', () => {
    type Produced = v.InferOutput<typeof AuthorizedCallbackSchema> | v.InferOutput<typeof RejectedCallbackSchema>;
    expectTypeOf<TruecallerCallback>().toEqualTypeOf<Produced>();
  });

  test('absent optional fields are absent keys, not keys holding undefined (exactOptionalPropertyTypes)', () => {
    // @ts-expect-error a present key never holds undefined
    const profile: Omit<TruecallerProfile, 'raw'> = { phoneNumbers: [], aboutMe: undefined };
    // @ts-expect-error a present key never holds undefined
    const callback: AuthorizedCallback = { type: 'authorized', requestId: 'r', accessToken: 't', state: undefined };
    void profile;
    void callback;
  });
});
