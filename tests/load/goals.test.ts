import { describe, expect, it } from 'vitest';
import { describeFailures, formatTable, missedGoals } from '../../scripts/load/goals.js';
import type { RunFigures } from '../../scripts/load/runLoad.js';

function figures(overrides: Partial<RunFigures>): RunFigures {
  return {
    tracker: 'memory',
    signIns: 10_000,
    inFlight: 1_000,
    completed: 10_000,
    lost: 0,
    deliveredTwice: 0,
    locksLeft: 0,
    lockKeys: undefined,
    startsFailed: 0,
    promptedForFailedStart: 0,
    failures: {},
    retried: 0,
    retryCompleted: 0,
    storeErrorsRepeated: 0,
    callbacks: { delivered: 10_000, undelivered: 0, answers: { 204: 10_000 } },
    seconds: 12.3,
    loadBefore: 1,
    loadAfter: 2,
    ...overrides,
  };
}

describe('the load goals of issue 6', () => {
  it('are met when all 10,000 complete with 1,000 in flight', () => {
    expect(missedGoals(figures({}))).toEqual([]);
  });

  it('are missed when one sign-in of the 1,000-in-flight run does not complete, even if its retry works', () => {
    const run = figures({ completed: 9_999, startsFailed: 1, failures: { 'start:tracker_error': 1 }, retried: 1 });
    expect(missedGoals({ ...run, retryCompleted: 1 })).toEqual([
      'memory, 1,000 in flight: 9999 of 10000 completed (start:tracker_error 1)',
    ]);
  });

  it('accept failures all at once when every retry works and no lock is left', () => {
    const run = figures({ inFlight: 10_000, completed: 7_000, startsFailed: 3_000, retried: 3_000 });
    expect(missedGoals({ ...run, retryCompleted: 3_000 })).toEqual([]);
    expect(missedGoals({ ...run, retryCompleted: 2_990 })).toEqual([
      'memory, 10,000 in flight: 10 of 3000 immediate retries failed',
    ]);
  });

  it('never accept a lock left behind or a profile handed out twice', () => {
    expect(missedGoals(figures({ locksLeft: 2 }))).toEqual(['memory, 1,000 in flight: 2 numbers left locked']);
    expect(missedGoals(figures({ inFlight: 10_000, deliveredTwice: 1 }))).toEqual([
      'memory, 10,000 in flight: 1 sign-ins delivered twice',
    ]);
  });

  it('print failures by code in a stable order, and one table row per run', () => {
    expect(describeFailures({ 'start:timeout': 2, 'lost:timeout': 1 })).toBe('lost:timeout 1, start:timeout 2');
    expect(describeFailures({})).toBe('none');
    const table = formatTable([figures({}), figures({ tracker: 'ioredis', lockKeys: 0 })]).split('\n');
    expect(table).toHaveLength(4);
    expect(table[3]).toContain('| ioredis');
    expect(table[3]).toContain('0 (keys 0)');
  });
});
