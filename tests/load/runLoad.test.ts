// The load harness itself, small: the figures `npm run test:load` reports must be able to show a failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallbackServer, startCallbackServer } from '../../scripts/load/callbackServer.js';
import { runLoad } from '../../scripts/load/runLoad.js';
import { createLoadTracker } from '../../scripts/load/trackers.js';

const PLAN = { firstPoll: 50, interval: 100, deadline: 20_000, maxPolls: 200 };

describe('the load harness', () => {
  let callbackServer: CallbackServer;
  beforeAll(async () => {
    callbackServer = await startCallbackServer();
  });
  afterAll(async () => {
    await callbackServer.close();
  });

  it('counts every sign-in completed through the fake Truecaller process, once, with no lock left', async () => {
    const tracker = await createLoadTracker('memory', undefined);
    const run = await runLoad({
      tracker,
      callbackServer,
      signIns: 20,
      inFlight: 10,
      firstNumber: 46_701_000_000,
      plan: PLAN,
    });
    expect(run).toMatchObject({ completed: 20, lost: 0, deliveredTwice: 0, locksLeft: 0, startsFailed: 0, retried: 0 });
  }, 60_000);

  it('reports a number left locked, its failed start and its failed retry', async () => {
    const tracker = await createLoadTracker('memory', undefined);
    // Someone else's sign-in holds the first number for longer than the run.
    await tracker.tracker.acquireLock('phone:46702000000', 'someone-else', 120_000);
    const run = await runLoad({
      tracker,
      callbackServer,
      signIns: 5,
      inFlight: 5,
      firstNumber: 46_702_000_000,
      plan: PLAN,
    });
    expect(run).toMatchObject({
      completed: 4,
      startsFailed: 1,
      promptedForFailedStart: 0,
      failures: { 'start:request_pending': 1 },
      locksLeft: 1,
      retried: 1,
      retryCompleted: 0,
    });
  }, 60_000);
});
