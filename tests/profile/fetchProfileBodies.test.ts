import fc from 'fast-check';
import { TruecallerClient, UnexpectedResponseError } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';

const clientAnswering = (body: string) =>
  new TruecallerClient({
    appKey: 'test-app-key',
    tracker: false,
    retry: 0,
    fetch: async () => new Response(body, { headers: { 'content-type': 'application/json' } }),
  });

describe('fetchProfile: whatever the 200 body, no valibot error reaches the caller', () => {
  test('any JSON value resolves with a profile or rejects with UnexpectedResponseError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const outcome = await clientAnswering(JSON.stringify(value))
          .fetchProfile('token')
          .then(
            (profile) => ({ profile }),
            (error: unknown) => ({ error }),
          );
        if ('error' in outcome) {
          expect(outcome.error).toBeInstanceOf(UnexpectedResponseError);
        } else {
          expect(Array.isArray(outcome.profile.phoneNumbers)).toBe(true);
          // What went over the wire: JSON has no -0 (fc.jsonValue() generates it; JSON.stringify writes 0).
          expect(outcome.profile.raw).toStrictEqual(JSON.parse(JSON.stringify(value)));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('any object with profile keys of any type resolves, keeping only what it could read', async () => {
    const anything = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { phoneNumbers: anything, name: anything, onlineIdentity: anything, addresses: anything, isActive: anything },
          { requiredKeys: [] },
        ),
        async (body) => {
          const profile = await clientAnswering(JSON.stringify(body)).fetchProfile('token');
          expect(profile.phoneNumbers.every((digits) => /^\d{4,20}$/.test(digits))).toBe(true);
          for (const value of Object.values(profile)) expect(value).not.toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});
