import * as fc from 'fast-check';
import { it } from 'vitest';

/**
 * `test.prop` from @fast-check/vitest, done with a plain `it` and `fc.assert`: importing @fast-check/vitest
 * costs about two seconds per test file, more than all the properties here take to run.
 *
 * @example
 * ```ts
 * testProp([fc.string()])('never throws anything undocumented', (text) => { ... })
 * ```
 */
export function testProp<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  parameters: fc.Parameters<Ts> = {},
): (name: string, predicate: (...args: Ts) => void) => void {
  return (name, predicate) =>
    it(name, () => {
      fc.assert(fc.property(...arbitraries, predicate), parameters);
    });
}
