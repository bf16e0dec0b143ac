/**
 * Trackers that each break one rule of contract v2, run through `describeTrackerConformance` by
 * `tests/testing/conformanceCatchesMutants.test.ts` (not by the normal test run: its name does not end in
 * `.test.ts`). Every one of them must fail the suite, in the test named next to it.
 */

import { MemoryTracker, type ParkedCallback, type SignInOutcome } from 'truecaller-web-login';
import { describeTrackerConformance } from 'truecaller-web-login/testing';

const fast = { ttlMs: 60, graceMs: 60, concurrency: 100 };

/** finish forgets it finished: a retry after an ambiguous finish answers false. */
class ForgetfulFinish extends MemoryTracker {
  readonly #done = new Set<string>();
  override async finish(requestId: string, claimId: string) {
    if (this.#done.has(requestId)) return false;
    const finished = await super.finish(requestId, claimId);
    if (finished) this.#done.add(requestId);
    return finished;
  }
}

/** A decline does not free the number. */
class DeclineKeepsLock extends MemoryTracker {
  override async settle(requestId: string, outcome: SignInOutcome) {
    if (outcome.type !== 'rejected') return super.settle(requestId, outcome);
    const tracked = await this.get(requestId);
    const lock = tracked?.request.lock;
    // Re-take the lock the settle frees, as a tracker that never freed it would leave it.
    const result = await super.settle(requestId, outcome);
    if (lock !== undefined && result.status === 'settled') await this.acquireLock(lock.key, lock.owner, 60_000);
    return result;
  }
}

/** The first claim sticks: a later poll cannot take it over. */
class StickyClaim extends MemoryTracker {
  readonly #claims = new Map<string, string>();
  override async claim(requestId: string, claimId: string) {
    const first = this.#claims.get(requestId) ?? claimId;
    this.#claims.set(requestId, first);
    return super.claim(requestId, first);
  }
}

/** At capacity, park pushes the oldest parked callback out instead of answering full. */
class EvictingPark extends MemoryTracker {
  readonly #order: string[] = [];
  override async park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number) {
    const result = await super.park(requestId, callback, ttl, maxParked);
    if (result === 'parked') {
      if (!this.#order.includes(requestId)) this.#order.push(requestId);
      return result;
    }
    const oldest = this.#order.shift();
    if (oldest !== undefined) await super.unpark(oldest);
    this.#order.push(requestId);
    return super.park(requestId, callback, ttl, maxParked);
  }
}

/** finish checks the claim, then deletes in a second step: a claim taken over in between goes unnoticed. */
class TwoStepFinish extends MemoryTracker {
  readonly #holders = new Map<string, string>();
  readonly #finishedBy = new Map<string, string>();
  override async claim(requestId: string, claimId: string) {
    const result = await super.claim(requestId, claimId);
    if (result.status === 'claimed') this.#holders.set(requestId, claimId);
    return result;
  }
  override async finish(requestId: string, claimId: string) {
    if (this.#finishedBy.get(requestId) === claimId) return true;
    const holder = this.#holders.get(requestId);
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (holder !== claimId) return false;
    await super.remove(requestId);
    this.#finishedBy.set(requestId, claimId);
    return true;
  }
}

/** remove deletes the request but leaves its lock held. */
class RemoveKeepsLock extends MemoryTracker {
  override async remove(requestId: string) {
    const removed = await super.remove(requestId);
    const lock = removed?.request.lock;
    if (lock !== undefined) await this.acquireLock(lock.key, lock.owner, 60_000);
    return removed;
  }
}

describeTrackerConformance('ForgetfulFinish', () => new ForgetfulFinish(), fast);
describeTrackerConformance('DeclineKeepsLock', () => new DeclineKeepsLock(), fast);
describeTrackerConformance('StickyClaim', () => new StickyClaim(), fast);
describeTrackerConformance('EvictingPark', () => new EvictingPark(), fast);
describeTrackerConformance('TwoStepFinish', () => new TwoStepFinish(), fast);
describeTrackerConformance('RemoveKeepsLock', () => new RemoveKeepsLock(), fast);
describeTrackerConformance('MemoryTracker', () => new MemoryTracker(), fast);
