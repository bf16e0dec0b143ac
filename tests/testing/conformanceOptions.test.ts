// describeTrackerConformance's duration options follow the rule "milliseconds without a suffix" (`ttl`, `grace`,
// `timeout`). A suite configured with the names from before 1.0 must not silently run with the defaults (a store
// with coarse expiry would then fail for the wrong reason, or a slow one time out): the old names are refused.
import { MemoryTracker } from 'truecaller-web-login';
import { describeTrackerConformance, type TrackerConformanceOptions } from 'truecaller-web-login/testing';
import { describe, expect, it } from 'vitest';

describe('describeTrackerConformance options', () => {
  it.each([
    ['ttlMs', 'ttl'],
    ['graceMs', 'grace'],
    ['timeoutMs', 'timeout'],
  ])('refuses %s with a TypeError naming %s, before registering any test', (old, renamed) => {
    const options = { [old]: 1_000 } as unknown as TrackerConformanceOptions;

    const register = () => describeTrackerConformance('legacy', () => new MemoryTracker(), options);

    expect(register).toThrow(TypeError);
    expect(register).toThrow(`\`${old}\` was renamed \`${renamed}\``);
  });

  it.each([0, 1.5, -1])('refuses a ttl of %s', (ttl) => {
    expect(() => describeTrackerConformance('bad', () => new MemoryTracker(), { ttl })).toThrow(
      /`ttl` must be a whole number of milliseconds from 1/,
    );
  });
});
