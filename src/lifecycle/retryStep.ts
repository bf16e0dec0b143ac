import { trackerStep } from './trackerStep.js';

/** Pauses between attempts of a retried step, in ms: three attempts within about a third of a second. */
const RETRY_DELAYS = [50, 250] as const;

/**
 * Runs an IDEMPOTENT tracker operation, retrying it twice after a failure, and turns a last failure into
 * `TrackerError`. Only for steps whose repeat is safe after an ambiguous run (one that failed for the caller
 * but happened in the store): `finish` with the same claimId, `register` followed by an ownership check.
 * Used where giving up would cost the user something the next request cannot repair (an approved sign-in, a
 * prompt already on the phone); every other step fails at once.
 *
 * @throws {TrackerError} when every attempt failed.
 */
export async function retryStep<T>(operation: string, run: () => Promise<T>): Promise<T> {
  for (const delay of RETRY_DELAYS) {
    try {
      return await run();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  return trackerStep(operation, run);
}
