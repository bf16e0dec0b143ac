import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeTrackerConformance } from '../../src/testing/index.js';
import { MemoryTracker } from '../../src/trackers/MemoryTracker.js';
import type { PendingRequest } from '../../src/trackers/PendingRequestTracker.js';

describeTrackerConformance('MemoryTracker', () => new MemoryTracker());

function request(requestId: string, createdAt = 0): PendingRequest {
  return { requestId, createdAt };
}

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('MemoryTracker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a new request at maxEntries and keeps every pending one (a flood evicts nobody)', async () => {
    const tracker = new MemoryTracker({ maxEntries: 2 });
    await tracker.register(request('victim'), 60_000);
    await tracker.register(request('b'), 60_000);

    for (let i = 0; i < 100; i++) {
      await expect(tracker.register(request(`flood-${i}`), 60_000)).rejects.toThrow(
        /MemoryTracker is full \(2 live requests\); the new entry was refused and nothing was evicted/,
      );
    }

    await expect(tracker.get('victim')).resolves.toEqual({ request: request('victim') });
    await expect(tracker.get('b')).resolves.toEqual({ request: request('b') });
  });

  it('refuses a new lock at maxEntries and keeps every live lock, counting locks apart from requests', async () => {
    const tracker = new MemoryTracker({ maxEntries: 2 });
    await tracker.register(request('r'), 60_000);
    await tracker.acquireLock('phone:46700000001', 'victim', 60_000);
    await tracker.acquireLock('phone:46700000002', 'owner', 60_000);

    await expect(tracker.acquireLock('phone:46700000003', 'owner', 60_000)).rejects.toMatchObject({
      name: 'TrackerFullError',
    });

    await expect(tracker.acquireLock('phone:46700000001', 'attacker', 60_000)).resolves.toMatchObject({
      acquired: false,
    });
    await expect(tracker.releaseLock('phone:46700000001', 'victim')).resolves.toBe(true);
    await expect(tracker.get('r')).resolves.toBeDefined();
  });

  it('makes room at maxEntries by dropping expired entries first, whatever order they expire in', async () => {
    const clock = manualClock();
    const tracker = new MemoryTracker({ maxEntries: 2, now: clock.now });
    // The first entry outlives the second, so expired entries are not all at the front.
    await tracker.register(request('long'), 10_000);
    await tracker.register(request('short'), 1_000);
    await tracker.acquireLock('long', 'owner', 10_000);
    await tracker.acquireLock('short', 'owner', 1_000);
    clock.advance(1_000);

    await expect(tracker.register(request('new'), 1_000)).resolves.toBe(true);
    await expect(tracker.acquireLock('new', 'owner', 1_000)).resolves.toEqual({ acquired: true });

    await expect(tracker.get('long')).resolves.toBeDefined();
    await expect(tracker.acquireLock('long', 'other', 1_000)).resolves.toMatchObject({ acquired: false });
  });

  it("makes room at maxEntries by dropping finished sign-ins' markers, never a pending sign-in", async () => {
    const tracker = new MemoryTracker({ maxEntries: 2 });
    await tracker.register(request('pending'), 60_000);
    await tracker.register(request('done'), 60_000);
    await tracker.settle('done', { type: 'rejected', reason: 'user_rejected' });
    await tracker.claim('done', 'claim-1');
    await tracker.finish('done', 'claim-1');

    await expect(tracker.register(request('new'), 60_000)).resolves.toBe(true);

    await expect(tracker.get('pending')).resolves.toBeDefined();
    await expect(tracker.get('new')).resolves.toBeDefined();
    // The marker is gone: a late repeat of the finish no longer answers true.
    await expect(tracker.finish('done', 'claim-1')).resolves.toBe(false);
  });

  it('keeps early callbacks apart: a full park neither refuses requests nor evicts them', async () => {
    const tracker = new MemoryTracker({ maxEntries: 1 });
    const parked = { outcome: { type: 'rejected' as const, reason: 'user_rejected' }, receivedAt: 0 };
    await tracker.register(request('pending'), 60_000);

    for (let i = 0; i < 50; i++) await tracker.park(`unknown-${i}`, parked, 60_000, 10);

    await expect(tracker.park('one-more', parked, 60_000, 10)).resolves.toBe('full');
    await expect(tracker.get('pending')).resolves.toBeDefined();
    expect(tracker.size).toBe(11);
  });

  it('uses lock keys as given: one number, one lock, no hashing needed', async () => {
    const tracker = new MemoryTracker();
    await tracker.acquireLock('phone:919876543210', 'a', 60_000);

    await expect(tracker.acquireLock('phone:919876543210', 'b', 60_000)).resolves.toMatchObject({ acquired: false });
    await expect(tracker.acquireLock('phone:919876543211', 'b', 60_000)).resolves.toEqual({ acquired: true });
  });

  it('sweeps expired entries as later writes pass them', async () => {
    const clock = manualClock();
    const tracker = new MemoryTracker({ now: clock.now });
    await tracker.register(request('old-1'), 1_000);
    await tracker.register(request('old-2'), 1_000);
    await tracker.acquireLock('old-lock', 'owner', 1_000);
    expect(tracker.size).toBe(3);

    clock.advance(1_001);
    await tracker.register(request('new'), 1_000);
    await tracker.acquireLock('new-lock', 'owner', 1_000);

    expect(tracker.size).toBe(2);
  });

  it('expires entries by the injected clock, not by wall time', async () => {
    const clock = manualClock();
    const tracker = new MemoryTracker({ now: clock.now });
    await tracker.register(request('r'), 500);
    await tracker.acquireLock('k', 'owner-a', 500);

    clock.advance(499);
    await expect(tracker.get('r')).resolves.toBeDefined();
    await expect(tracker.acquireLock('k', 'owner-b', 500)).resolves.toEqual({ acquired: false, retryAfterMs: 1 });

    clock.advance(1);
    await expect(tracker.get('r')).resolves.toBeUndefined();
    await expect(tracker.acquireLock('k', 'owner-b', 500)).resolves.toEqual({ acquired: true });
  });

  it('keeps the original expiry when settling', async () => {
    const clock = manualClock();
    const tracker = new MemoryTracker({ now: clock.now });
    await tracker.register(request('r'), 1_000);
    clock.advance(900);
    await tracker.settle('r', { type: 'rejected', reason: 'user_rejected' });

    clock.advance(100);

    await expect(tracker.get('r')).resolves.toBeUndefined();
  });

  it('copies values in and out, so callers cannot change what is stored', async () => {
    const tracker = new MemoryTracker();
    const stored = { requestId: 'r', createdAt: 1, state: 'original' };
    await tracker.register(stored, 60_000);
    stored.state = 'changed';

    const first = await tracker.get('r');
    if (first !== undefined) first.request.state = 'changed too';

    await expect(tracker.get('r')).resolves.toEqual({ request: { requestId: 'r', createdAt: 1, state: 'original' } });
  });

  it('settle and claim copy too: changing the outcome passed or a record returned changes nothing stored', async () => {
    const tracker = new MemoryTracker();
    const lock = { key: 'phone:46761234567', owner: 'owner' };
    await tracker.acquireLock(lock.key, lock.owner, 60_000);
    await tracker.register({ requestId: 'r', createdAt: 1, lock }, 60_000);
    const outcome = { type: 'authorized' as const, accessToken: 'original-token' };
    const expected = { request: { requestId: 'r', createdAt: 1, lock }, outcome: { ...outcome } };

    const settled = await tracker.settle('r', outcome);
    outcome.accessToken = 'changed-by-the-caller';
    if (settled.status !== 'settled') throw new Error(`expected settled, got ${settled.status}`);
    settled.tracked.outcome = { type: 'rejected', reason: 'user_rejected' };
    settled.tracked.request.lock = { key: lock.key, owner: 'attacker' };
    const claimed = await tracker.claim('r', 'claim-1');
    if (claimed.status !== 'claimed') throw new Error(`expected claimed, got ${claimed.status}`);
    Object.assign(claimed.tracked.outcome, { accessToken: 'changed-after-claim' });

    await expect(tracker.get('r')).resolves.toEqual(expected);
    await expect(tracker.claim('r', 'claim-2')).resolves.toEqual({ status: 'claimed', tracked: expected });
    // The stored lock owner is the real one: finishing frees the number.
    await expect(tracker.finish('r', 'claim-2')).resolves.toBe(true);
    await expect(tracker.acquireLock(lock.key, 'next', 60_000)).resolves.toEqual({ acquired: true });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxEntries %s', (maxEntries) => {
    expect(() => new MemoryTracker({ maxEntries })).toThrow(
      new TypeError('MemoryTracker: `maxEntries` must be a whole number of at least 1.'),
    );
  });

  it('creates no timers, so it never keeps the process alive', async () => {
    vi.useFakeTimers();
    const tracker = new MemoryTracker({ maxEntries: 100 });

    for (let i = 0; i < 50; i++) {
      await tracker.register(request(`r-${i}`), 60_000);
      await tracker.acquireLock(`k-${i}`, 'owner', 60_000);
      await tracker.settle(`r-${i}`, { type: 'rejected', reason: 'user_rejected' });
      await tracker.get(`r-${i}`);
      await tracker.claim(`r-${i}`, 'claim');
      await tracker.finish(`r-${i}`, 'claim');
      await tracker.remove(`r-${i}`);
      await tracker.park(
        `p-${i}`,
        { outcome: { type: 'rejected', reason: 'user_rejected' }, receivedAt: 0 },
        60_000,
        5,
      );
      await tracker.unpark(`p-${i}`);
      await tracker.releaseLock(`k-${i}`, 'owner');
    }

    expect(vi.getTimerCount()).toBe(0);
  });
});
