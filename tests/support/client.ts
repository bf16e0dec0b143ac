import { TruecallerClient, type TruecallerClientOptions } from 'truecaller-web-login';

/** The appKey from Truecaller's own curl example: distinctive enough to search outputs for. */
export const APP_KEY = 'Js9t3518a9eb2b6804160957f7b438dcc01ac';

/** A client for HTTP-only tests: no tracker, so no lock or record gets in the way. */
export const httpClient = (options: Partial<TruecallerClientOptions> = {}) =>
  new TruecallerClient({ appKey: APP_KEY, tracker: false, ...options });

/** A client with the default tracker (an in-memory lock per number). */
export const lockingClient = (options: Partial<TruecallerClientOptions> = {}) =>
  new TruecallerClient({ appKey: APP_KEY, ...options });

/** The rejection of a call that must fail; a call that resolves fails the test. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}
