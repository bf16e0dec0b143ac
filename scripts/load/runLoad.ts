// One load run: N sign-ins on one tracker, at most `inFlight` at once, against the fake Truecaller process;
// then the lock count, and one immediate retry for every user who did not get signed in.
import { loadavg } from 'node:os';
import { TruecallerClient } from 'truecaller-web-login';
import type { CallbackServer } from './callbackServer.js';
import { LOAD_APP_KEY } from './protocol.js';
import { DEFAULT_POLL_PLAN, type PollPlan, type SignInResult, signIn } from './signIn.js';
import type { LoadTracker } from './trackers.js';
import { startTruecallerProcess } from './truecallerProcess.js';

/** What one run measured. */
export interface RunFigures {
  tracker: string;
  signIns: number;
  inFlight: number;
  completed: number;
  /** Started but never completed (the approved sign-in did not reach the user). */
  lost: number;
  /** Sign-ins whose profile was handed out by more than one poll. */
  deliveredTwice: number;
  /** Numbers still locked after the run (probed through the tracker), and lock keys SCAN finds (Redis). */
  locksLeft: number;
  lockKeys: number | undefined;
  startsFailed: number;
  /** Failed starts whose phone was prompted anyway (the simulator received their start call). */
  promptedForFailedStart: number;
  /**
   * Ends that were not a completion, by `start:<code>` / `lost:<code>` (and a failed retry's, `retry:start:<code>`…): the SDK error's code, `expired`, or for a
   * sign-in still pending after its deadline `no_callback` (no callback was recorded for it: the fake Truecaller
   * gave up delivering it, or it was refused) or `timeout_after_callback` (recorded, but the polls never completed).
   */
  failures: Record<string, number>;
  /** Users who did not get signed in and retried once right after the run; how many of those completed. */
  retried: number;
  retryCompleted: number;
  /** TrackerErrors a poll or cancel saw and repeated (not an end). */
  storeErrorsRepeated: number;
  callbacks: { delivered: number; undelivered: number; answers: Record<string, number> };
  seconds: number;
  loadBefore: number;
  loadAfter: number;
}

/** Options of one run. */
export interface RunOptions {
  tracker: LoadTracker;
  callbackServer: CallbackServer;
  signIns: number;
  inFlight: number;
  /** First number of the run (E.164 digits of a Swedish mobile, 4670…), so runs never share a number. */
  firstNumber: number;
  plan?: PollPlan;
  /** The fake Truecaller's own deadline (ms). */
  lifetime?: number;
}

/** Runs `items` through `work`, at most `limit` at once. */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs one load run. Rejects only when the harness itself fails (a child that does not start). */
export async function runLoad(options: RunOptions): Promise<RunFigures> {
  const { tracker, callbackServer, signIns, inFlight, plan = DEFAULT_POLL_PLAN } = options;
  const truecaller = await startTruecallerProcess(`${callbackServer.url}/load`, options.lifetime ?? 600_000);
  try {
    const client = new TruecallerClient({
      appKey: LOAD_APP_KEY,
      tracker: tracker.tracker,
      requestsUrl: truecaller.requestsUrl,
      profileUrl: truecaller.profileUrl,
    });
    callbackServer.use(client);
    const numbers = Array.from({ length: signIns }, (_, index) => String(options.firstNumber + index));
    let storeErrorsRepeated = 0;
    const onStoreError = () => {
      storeErrorsRepeated++;
    };

    const loadBefore = loadavg()[0] ?? 0;
    const started = performance.now();
    const results = await inPool(numbers, inFlight, (phone) => signIn(client, phone, plan, onStoreError));
    const seconds = (performance.now() - started) / 1000;
    const loadAfter = loadavg()[0] ?? 0;

    const seen = await truecaller.report();
    const answers = Object.fromEntries(callbackServer.answers);
    const accepted = new Set(callbackServer.accepted);
    const locksLeft = await countLockedNumbers(tracker, numbers);
    const lockKeys = await tracker.countLockKeys();

    const failures: Record<string, number> = {};
    let completed = 0;
    let lost = 0;
    let deliveredTwice = 0;
    let startsFailed = 0;
    let promptedForFailedStart = 0;
    const toRetry: string[] = [];
    results.forEach((result: SignInResult, index) => {
      const phone = numbers[index] as string;
      if (result.type === 'completed') {
        completed++;
        if (result.completions > 1) deliveredTwice++;
        return;
      }
      toRetry.push(phone);
      if (result.type === 'start_failed') {
        startsFailed++;
        if ((seen.prompts[phone] ?? 0) > 0) promptedForFailedStart++;
        failures[`start:${result.code}`] = (failures[`start:${result.code}`] ?? 0) + 1;
      } else {
        lost++;
        // A sign-in still pending at the end: did its callback ever get recorded?
        const code =
          result.code === 'timeout'
            ? accepted.has(result.requestId)
              ? 'timeout_after_callback'
              : 'no_callback'
            : result.code;
        failures[`lost:${code}`] = (failures[`lost:${code}`] ?? 0) + 1;
      }
    });

    // The users who did not get in try once more, right away.
    const retries = await inPool(toRetry, Math.min(inFlight, 200), (phone) => signIn(client, phone, plan));
    let retryCompleted = 0;
    for (const result of retries) {
      if (result.type === 'completed') retryCompleted++;
      else {
        const code = `retry:${result.type === 'start_failed' ? 'start' : 'lost'}:${result.code}`;
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }

    return {
      tracker: tracker.name,
      signIns,
      inFlight,
      completed,
      lost,
      deliveredTwice,
      locksLeft,
      lockKeys,
      startsFailed,
      promptedForFailedStart,
      failures,
      retried: toRetry.length,
      retryCompleted,
      storeErrorsRepeated,
      callbacks: {
        delivered: seen.callbacksDelivered,
        undelivered: seen.callbacksUndelivered,
        answers,
      },
      seconds,
      loadBefore,
      loadAfter,
    };
  } finally {
    await truecaller.stop();
  }
}

/**
 * How many of `numbers` are still locked, asked through the tracker itself (so it works on every tracker):
 * a lock taken for a moment is released at once; a lock that cannot be taken is one left behind.
 */
async function countLockedNumbers(tracker: LoadTracker, numbers: readonly string[]): Promise<number> {
  const owner = `load-probe-${crypto.randomUUID()}`;
  const held = await inPool(numbers, 100, async (phone) => {
    const key = `phone:${phone}`;
    const attempt = await tracker.tracker.acquireLock(key, owner, 60_000);
    if (!attempt.acquired) return 1;
    await tracker.tracker.releaseLock(key, owner);
    return 0;
  });
  return held.reduce<number>((sum, value) => sum + value, 0);
}
