// MemoryTracker: heap bytes per pending sign-in (its number lock + its request), and the time of one sign-in's
// worth of tracker operations while the tracker already holds 1k, 10k, 100k and 1M pending sign-ins (flat
// means O(1) per operation).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MemoryTracker } from 'truecaller-web-login';
import { formatValue } from './stats.js';

type Report = (name: string, value: string) => void;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** One pending sign-in as the client records it: a lock on the number, then the request holding it. */
async function addPending(tracker: MemoryTracker, index: number): Promise<void> {
  const lock = { key: `phone:${4676_000_0000 + index}`, owner: `o${index.toString(36).padStart(21, '0')}` };
  await tracker.acquireLock(lock.key, lock.owner, 300_000);
  await tracker.register(
    {
      requestId: `request-${index}-${'x'.repeat(20)}`,
      phoneNumber: String(4676_000_0000 + index),
      state: 's'.repeat(32),
      createdAt: Date.now(),
      lock,
    },
    600_000,
  );
}

export async function benchMemoryTracker(report: Report, sizes = [1_000, 10_000, 100_000, 1_000_000]): Promise<void> {
  {
    const pending = 100_000;
    const memory = new MemoryTracker({ maxEntries: pending });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < pending; index++) await addPending(memory, index);
    gc();
    const perRequest = (process.memoryUsage().heapUsed - before) / pending;
    // Reading `size` after the measurement keeps the tracker alive through the second gc().
    if (memory.size !== pending * 2) throw new Error(`expected ${pending * 2} entries, found ${memory.size}`);
    report('MemoryTracker heap per pending sign-in (lock + request), bytes', Math.round(perRequest).toString());
  }

  const cycle = async (tracker: MemoryTracker, index: number) => {
    const requestId = `cycle-${index}`;
    const key = `phone:cycle-${index}`;
    await tracker.acquireLock(key, 'owner', 60_000);
    await tracker.register({ requestId, phoneNumber: '46761234567', state: 's', createdAt: Date.now() }, 60_000);
    await tracker.get(requestId);
    await tracker.settle(requestId, { type: 'authorized', accessToken: 'a'.repeat(64) });
    await tracker.claim(requestId, 'c');
    await tracker.finish(requestId, 'c');
    await tracker.releaseLock(key, 'owner');
  };
  for (const size of sizes) {
    const tracker = new MemoryTracker({ maxEntries: size + 100_000 });
    for (let index = 0; index < size; index++) await addPending(tracker, index);
    const samples: number[] = [];
    for (let round = 0; round < 9; round++) {
      const count = 5_000;
      const started = process.cpuUsage();
      for (let index = 0; index < count; index++) await cycle(tracker, round * count + index);
      const used = process.cpuUsage(started);
      samples.push((used.user + used.system) / count / 7); // CPU µs; 7 operations per cycle
    }
    report(
      `MemoryTracker CPU µs per operation holding ${size.toLocaleString('en-US')} pending`,
      formatValue(samples, 2),
    );
    gc();
  }
}
