import type { TruecallerClient } from '../client/TruecallerClient.js';
import type { SignInStatus } from '../lifecycle/types.js';

/** A sign-in the status route found completed: the verified profile and number. */
export type CompletedSignIn = Extract<SignInStatus, { status: 'completed' }>;

/**
 * The client methods the routes call.
 *
 * ASSUMPTION until branch `rel` lands `TruecallerClient.cancelSignIn(requestId, { state })`: it resolves once
 * the sign-in is cancelled (its resolved value is not used) and rejects with the SDK's errors
 * (`StateMismatchError`, `UnknownRequestError`, `TrackerError`). Drop `cancelSignIn` from here and the cast in
 * `createTruecallerRoutes` when the client has it.
 */
export interface RoutesClient {
  requestAuthorization: TruecallerClient['requestAuthorization'];
  handleCallback: TruecallerClient['handleCallback'];
  completeSignIn: TruecallerClient['completeSignIn'];
  cancelSignIn(requestId: string, options: { state?: string | undefined }): Promise<unknown>;
}

/** What every handler needs: the client and the app's options, checked. */
export interface RouteContext {
  readonly client: RoutesClient;
  /** The browser session's state, or `undefined` when the request has none (`''` counts as none). */
  readonly state: (request: Request) => Promise<string | undefined>;
  readonly callbackSecret: string | undefined;
  readonly onCompleted: ((result: CompletedSignIn, request: Request) => Response | Promise<Response>) | undefined;
}
