import { TrackerError } from '../errors/lifecycleErrors.js';
import { safeCause } from '../internal/safeCause.js';

/**
 * Runs one tracker operation and turns any failure into {@link TrackerError}: the sign-in fails closed, and
 * nothing is retried behind the caller's back. The store's error is kept only as a sanitized `cause`, since
 * Redis clients attach the command's arguments (which can hold an access token) to their errors.
 */
export async function trackerStep<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new TrackerError(operation, { cause: safeCause(error) });
  }
}
