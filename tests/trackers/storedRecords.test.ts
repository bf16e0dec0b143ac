// One schema for stored records, shared by every tracker and exported for custom ones.
import {
  checkStoredRecord,
  decodeStoredRecord,
  MemoryTracker,
  ParkedCallbackSchema,
  PendingRequestSchema,
  TrackedRequestSchema,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';

const TOKEN = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('decodeStoredRecord', () => {
  test('reads a tracked request back, keeping fields a newer version wrote', () => {
    const json = JSON.stringify({
      request: { requestId: 'r1', createdAt: 1, flow: 'mobile-web', addedLater: true },
      outcome: { type: 'authorized', accessToken: TOKEN },
    });

    expect(decodeStoredRecord(TrackedRequestSchema, json, 'MyTracker.get')).toEqual(JSON.parse(json));
  });

  test.each([
    [
      'JSON that does not parse',
      `{"request":{"requestId":"${TOKEN}"`,
      /MyTracker\.get: the stored value is not valid JSON/,
    ],
    ['a request without createdAt', JSON.stringify({ request: { requestId: TOKEN } }), /not a tracked request/],
    [
      'an unknown flow',
      JSON.stringify({ request: { requestId: 'r', createdAt: 1, flow: 'sms' } }),
      /not a tracked request/,
    ],
    [
      'an outcome of an unknown type',
      JSON.stringify({ request: { requestId: 'r', createdAt: 1 }, outcome: { type: 'maybe', accessToken: TOKEN } }),
      /not a tracked request/,
    ],
  ])('refuses %s, without quoting it', (_, json, message) => {
    let error: unknown;
    try {
      decodeStoredRecord(TrackedRequestSchema, json, 'MyTracker.get');
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  test('checks parked callbacks and pending requests with the same rules', () => {
    expect(() =>
      checkStoredRecord(ParkedCallbackSchema, { outcome: { type: 'rejected' }, receivedAt: 1 }, 'x'),
    ).toThrow('x: the stored value is not a parked callback.');
    expect(checkStoredRecord(PendingRequestSchema, { requestId: 'r', createdAt: 1 }, 'x')).toEqual({
      requestId: 'r',
      createdAt: 1,
    });
  });
});

describe('MemoryTracker decodes through the shared schema', () => {
  test('a record it cannot decode fails closed instead of being cast', async () => {
    const tracker = new MemoryTracker();
    // A request whose createdAt is not a number can only come from a caller that bypassed the types.
    await tracker.register({ requestId: 'r1', createdAt: 'yesterday' as unknown as number }, 60_000);

    await expect(tracker.get('r1')).rejects.toThrow('MemoryTracker.get: the stored value is not a tracked request.');
  });
});
