/**
 * `truecaller-web-login/testing`: the conformance suite every pending-request tracker must pass, for vitest.
 * Run it against your own tracker (Postgres, DynamoDB…) to check it keeps the contract the SDK relies on.
 *
 * @example
 * ```ts
 * import { describeTrackerConformance } from 'truecaller-web-login/testing'
 *
 * describeTrackerConformance('MyTracker', () => new MyTracker(db))
 * ```
 *
 * @packageDocumentation
 */

// The groups of tests and their fixtures stay internal: users run the whole suite, so it can grow without a break.
export { describeTrackerConformance, type TrackerConformanceOptions } from './describeTrackerConformance.js';
