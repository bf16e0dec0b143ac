// The stored-record schemas every tracker decodes with describe exactly the interfaces of the tracker contract:
// what a schema accepts is assignable to the interface, and every interface value passes the schema's type.

import type {
  ParkedCallback,
  ParkedCallbackSchema,
  PendingRequest,
  PendingRequestSchema,
  SignInOutcome,
  SignInOutcomeSchema,
  TrackedRequest,
  TrackedRequestSchema,
} from 'truecaller-web-login';
import { decodeStoredRecord, TrackedRequestSchema as TrackedSchema } from 'truecaller-web-login';
import type * as v from 'valibot';
import { describe, expectTypeOf, test } from 'vitest';

/** `true` when every `A` is a `B`. */
type Assignable<A, B> = [A] extends [B] ? true : false;
/** `T` without its index signature: the fields it names. */
type Known<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

describe('stored-record schemas', () => {
  test('output is assignable to the contract interfaces', () => {
    expectTypeOf<Assignable<v.InferOutput<typeof PendingRequestSchema>, PendingRequest>>().toEqualTypeOf<true>();
    expectTypeOf<Assignable<v.InferOutput<typeof SignInOutcomeSchema>, SignInOutcome>>().toEqualTypeOf<true>();
    expectTypeOf<Assignable<v.InferOutput<typeof TrackedRequestSchema>, TrackedRequest>>().toEqualTypeOf<true>();
    expectTypeOf<Assignable<v.InferOutput<typeof ParkedCallbackSchema>, ParkedCallback>>().toEqualTypeOf<true>();
  });

  test('name exactly the fields of the interfaces (loose objects add only an index signature)', () => {
    expectTypeOf<keyof Known<v.InferOutput<typeof PendingRequestSchema>>>().toEqualTypeOf<keyof PendingRequest>();
    expectTypeOf<keyof Known<v.InferOutput<typeof TrackedRequestSchema>>>().toEqualTypeOf<keyof TrackedRequest>();
    expectTypeOf<keyof Known<v.InferOutput<typeof ParkedCallbackSchema>>>().toEqualTypeOf<keyof ParkedCallback>();
  });

  test('a record of the wrong shape is not a stored record', () => {
    expectTypeOf<
      Assignable<{ requestId: string; createdAt: string }, v.InferInput<typeof PendingRequestSchema>>
    >().toEqualTypeOf<false>();
  });

  test('decodeStoredRecord returns the interface of its schema', () => {
    expectTypeOf(decodeStoredRecord(TrackedSchema, '{}', 'x')).toEqualTypeOf<TrackedRequest>();
  });
});
