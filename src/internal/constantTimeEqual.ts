import { sha256 } from './digest.js';

/**
 * Compares two secrets (a `state`, an access token) without leaking through timing how much of them matched:
 * both are hashed to 32 bytes first, so the comparison's length and running time never depend on the inputs.
 * `undefined` equals only `undefined`: a missing state where one was sent is a mismatch.
 */
export async function constantTimeEqual(a: string | undefined, b: string | undefined): Promise<boolean> {
  if (a === undefined || b === undefined) return a === b;
  const [left, right] = await Promise.all([sha256(a), sha256(b)]);
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}
