// RedisTracker sends scripts by SHA-1 (EVALSHA). A script edited without its SHA-1 would fall back to EVAL on
// every call, twice the round trips, silently; this catches it and says which SHA-1 to write.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ALL_SCRIPTS } from '../../src/redis/scripts.js';

describe('the Lua scripts', () => {
  it.each(ALL_SCRIPTS.map((script) => [script.name, script] as const))(
    '%s is sent under the SHA-1 of its source',
    (_, script) => {
      expect(script.sha1, `write '${createHash('sha1').update(script.source).digest('hex')}' in scripts.ts`).toBe(
        createHash('sha1').update(script.source).digest('hex'),
      );
    },
  );

  it('are all different, so no two operations share a SHA-1', () => {
    expect(new Set(ALL_SCRIPTS.map((script) => script.sha1)).size).toBe(ALL_SCRIPTS.length);
  });
});
