import type { TruecallerClient } from '../client/TruecallerClient.js';
import type { SignInStatus } from '../lifecycle/types.js';

/**
 * A sign-in the status route found completed: the verified profile and number, as `onCompleted` receives it.
 *
 * @example
 * ```ts
 * const onCompleted = async (result: CompletedSignIn) => Response.json({ status: 'completed', name: result.profile.name?.first })
 * ```
 */
export type CompletedSignIn = Extract<SignInStatus, { status: 'completed' }>;

/** The client methods the routes call. */
export type RoutesClient = Pick<
  TruecallerClient,
  'requestAuthorization' | 'handleCallback' | 'completeSignIn' | 'cancelSignIn'
>;

/** What every handler needs: the client and the app's options, checked. */
export interface RouteContext {
  readonly client: RoutesClient;
  /** The browser session's state, or `undefined` when the request has none (`''` counts as none). */
  readonly state: (request: Request) => Promise<string | undefined>;
  readonly callbackSecret: string | undefined;
  readonly onCompleted: ((result: CompletedSignIn, request: Request) => Response | Promise<Response>) | undefined;
}
