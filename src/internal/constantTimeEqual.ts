/**
 * Compares two secrets (a `state`, an access token, a callback secret) without leaking through timing how much
 * of them matched: every UTF-16 code unit up to the longer length is XOR-accumulated (a position past the end of
 * one input counts as a difference), with the length difference folded in. The running time depends only on the
 * longer input's length, never on where the inputs differ. Code units, not UTF-8 bytes: encoding would map every
 * lone surrogate to U+FFFD and make distinct strings equal. No Web Crypto digest: this runs on every status poll
 * and callback, and a constant-time comparison needs no hashing.
 * `undefined` equals only `undefined`: a missing state where one was sent is a mismatch.
 *
 * @example
 * ```ts
 * if (!(await constantTimeEqual(tracked.request.state, state))) throw new StateMismatchError('completeSignIn')
 * ```
 */
export async function constantTimeEqual(a: string | undefined, b: string | undefined): Promise<boolean> {
  return constantTimeEqualSync(a, b);
}

/**
 * {@link constantTimeEqual}, synchronously.
 *
 * @example
 * ```ts
 * constantTimeEqualSync('a', 'a') // true
 * ```
 */
export function constantTimeEqualSync(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let index = 0; index < length; index++) {
    // Past its end an input reads as 0x10000, which equals no code unit: what is compared depends on the lengths
    // (already folded in above), never on the contents.
    const x = index < a.length ? a.charCodeAt(index) : 0x10000;
    const y = index < b.length ? b.charCodeAt(index) : 0x10000;
    difference |= x ^ y;
  }
  return difference === 0;
}
