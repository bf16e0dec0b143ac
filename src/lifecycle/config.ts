import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';

/** What every lifecycle step needs from the client's options. @internal */
export interface LifecycleConfig {
  /** Where pending sign-ins live. */
  tracker: PendingRequestTracker;
  /** How long a started sign-in blocks another for the same number, in ms. */
  lockTtl: number;
  /** How long a pending sign-in and its outcome are kept, in ms. */
  pendingTtl: number;
  /** How long a callback for a not-yet-recorded requestId is kept, in ms. */
  earlyCallbackTtl: number;
  /** Most callbacks kept for not-yet-recorded requestIds at once. */
  maxEarlyCallbacks: number;
}
