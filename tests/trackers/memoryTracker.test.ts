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

  it('evicts the oldest request first beyond maxEntries', async () => {
    const tracker = new MemoryTracker({ maxEntries: 2 });
    await tracker.register(request('a'), 60_000);
    await tracker.register(request('b'), 60_000);

    await tracker.register(request('c'), 60_000);

    await expect(tracker.get('a')).resolves.toBeUndefined();
    await expect(tracker.get('b')).resolves.toEqual({ request: request('b') });
    await expect(tracker.get('c')).resolves.toEqual({ request: request('c') });
    expect(tracker.size).toBe(2);
  });

  it('evicts the oldest lock first beyond maxEntries, counting locks apart from requests', async () => {
    const tracker = new MemoryTracker({ maxEntries: 2 });
    await tracker.register(request('r'), 60_000);
    await tracker.acquireLock('a', 'owner', 60_000);
    await tracker.acquireLock('b', 'owner', 60_000);

    await tracker.acquireLock('c', 'owner', 60_000);

    await expect(tracker.acquireLock('a', 'other', 60_000)).resolves.toEqual({ acquired: true });
    await expect(tracker.get('r')).resolves.toBeDefined();
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

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxEntries %s', (maxEntries) => {
    expect(() => new MemoryTracker({ maxEntries })).toThrow(
      new TypeError('MemoryTracker: `maxEntries` must be a whole number of at least 1.'),
    );
  });

  it('creates no timers, so it never keeps the process alive', async () => {
    vi.useFakeTimers();
    const tracker = new MemoryTracker({ maxEntries: 10 });

    for (let i = 0; i < 50; i++) {
      await tracker.register(request(`r-${i}`), 60_000);
      await tracker.acquireLock(`k-${i}`, 'owner', 60_000);
      await tracker.settle(`r-${i}`, { type: 'rejected', reason: 'user_rejected' });
      await tracker.get(`r-${i}`);
      await tracker.take(`r-${i}`);
      await tracker.releaseLock(`k-${i}`, 'owner');
    }

    expect(vi.getTimerCount()).toBe(0);
  });
});
