// What the load driver and its fake Truecaller process say to each other over the IPC channel.

/** The appKey both sides use: a made-up test key, never a real one. */
export const LOAD_APP_KEY = 'load-test-app-key';

/** What the fake Truecaller saw during a run. */
export interface SimulatorReport {
  /** Start calls received per number (E.164 digits): each one made that phone prompt. */
  prompts: Record<string, number>;
  /** Profile calls received. */
  profileCalls: number;
  /** Callbacks the driver's callback route answered with a 2xx in time. */
  callbacksDelivered: number;
  /** Callbacks that got a non-2xx, an error or no answer within 3 s (not retried, as the simulator defaults). */
  callbacksUndelivered: number;
}

/** Parent to child. */
export type ToTruecaller = { type: 'report' } | { type: 'stop' };

/** Child to parent. */
export type FromTruecaller =
  | { type: 'ready'; requestsUrl: string; profileUrl: string }
  | { type: 'report'; report: SimulatorReport };
