import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { constantTimeEqual, constantTimeEqualSync } from '../../src/internal/constantTimeEqual.js';

describe('constantTimeEqual', () => {
  test('equal strings are equal, including non-ASCII and empty ones', async () => {
    expect(await constantTimeEqual('session-1', 'session-1')).toBe(true);
    expect(await constantTimeEqual('', '')).toBe(true);
    expect(await constantTimeEqual('ståte-😀', 'ståte-😀')).toBe(true);
  });

  test('a prefix, a longer string or one differing byte is a mismatch', async () => {
    expect(await constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(await constantTimeEqual('abcd', 'abc')).toBe(false);
    expect(await constantTimeEqual('abc', 'abd')).toBe(false);
    expect(await constantTimeEqual('', 'a')).toBe(false);
    expect(await constantTimeEqual('é', 'e')).toBe(false);
    // Lone surrogates differ even though a UTF-8 encoder would turn both into U+FFFD.
    expect(await constantTimeEqual('\uD800', '\uDBFF')).toBe(false);
  });

  test('a trailing NUL is not mistaken for the end of the shorter input', async () => {
    expect(await constantTimeEqual('abc', 'abc\u0000')).toBe(false);
    expect(await constantTimeEqual('abc\u0000', 'abc')).toBe(false);
  });

  test('undefined equals only undefined', async () => {
    expect(await constantTimeEqual(undefined, undefined)).toBe(true);
    expect(await constantTimeEqual(undefined, '')).toBe(false);
    expect(await constantTimeEqual('', undefined)).toBe(false);
  });

  test('agrees with === on any pair of strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(constantTimeEqualSync(a, b)).toBe(a === b);
        expect(constantTimeEqualSync(a, a)).toBe(true);
      }),
    );
  });
});
