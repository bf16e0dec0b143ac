import { engineOf, type TruecallerSimulator } from '../TruecallerSimulator.js';
import { ScenarioContext, ScenarioFailure } from './context.js';
import {
  approve,
  cancel,
  decline,
  expiry,
  forbidden,
  forgedCallback,
  invalidNumber,
  pendingNumber,
  type Scenario,
  wrongState,
} from './scenarios.js';

/**
 * The documented scenarios `checkIntegration` runs, in this order:
 * - `approve`: the user approves; one profile fetch; completed once, then `expired`; a redelivered callback is 2xx;
 * - `decline`: `user_rejected` and `use_another_number` poll as `rejected` with the reason; the number is free again;
 * - `forbidden`: Truecaller's 403/1008 becomes a 4xx `error: 'forbidden'`, and does not lock the number;
 * - `invalid_number`: a non-mobile number, a missing one, a non-JSON body: 400, nothing sent to Truecaller;
 * - `pending_number`: a second start for a pending number: 429, `Retry-After`, `retryAfterMs`, no second prompt;
 * - `forged_callback`: unknown ids, malformed bodies and a wrong secret are refused with a 4xx (never 5xx);
 *   the attacker's own valid token posted for the victim's sign-in never completes it;
 * - `wrong_state`: another browser session's poll is a 4xx; a callback with another state is a 4xx; the owner
 *   still completes;
 * - `cancel`: a stranger's cancel is a 4xx; the owner's is 200 `cancelled`, the poll says `expired`, a late
 *   callback is a 4xx, and the number can start again at once;
 * - `expiry`: an unknown requestId polls `expired`; a token that expired before use fails the sign-in, the next
 *   poll says `expired`, and the number can start again.
 *
 * @example
 * ```ts
 * const report = await checkIntegration({ baseUrl, simulator, paths, scenarios: INTEGRATION_SCENARIOS.filter((name) => name !== 'cancel') })
 * ```
 */
export const INTEGRATION_SCENARIOS = Object.freeze([
  'approve',
  'decline',
  'forbidden',
  'invalid_number',
  'pending_number',
  'forged_callback',
  'wrong_state',
  'cancel',
  'expiry',
] as const);

/**
 * One of {@link INTEGRATION_SCENARIOS}.
 *
 * @example
 * ```ts
 * const only: IntegrationScenario[] = ['approve', 'decline']
 * ```
 */
export type IntegrationScenario = (typeof INTEGRATION_SCENARIOS)[number];

const SCENARIOS: Record<IntegrationScenario, Scenario> = {
  approve,
  decline,
  forbidden,
  invalid_number: invalidNumber,
  pending_number: pendingNumber,
  forged_callback: forgedCallback,
  wrong_state: wrongState,
  cancel,
  expiry,
};

/**
 * The app's routes, as paths resolved against `baseUrl` (a leading `/` replaces `baseUrl`'s own path, as in URLs).
 *
 * @example
 * ```ts
 * const paths: IntegrationPaths = {
 *   start: '/signin/truecaller',
 *   callback: '/truecaller/callback/s3cret',
 *   status: '/signin/truecaller/status',
 *   cancel: '/signin/truecaller/cancel',
 * }
 * ```
 */
export interface IntegrationPaths {
  /** The start route: `POST` JSON `{ phoneNumber }`. */
  start: string;
  /** The callback route, including its secret segment: Truecaller's `POST`. Never printed in reports. */
  callback: string;
  /** The status route: `GET ?requestId=`. */
  status: string;
  /** The cancel route: `POST` JSON `{ requestId }`. Without it, the `cancel` scenario is skipped. */
  cancel?: string | undefined;
}

/**
 * Options of {@link checkIntegration}.
 *
 * @example
 * ```ts
 * const options: CheckIntegrationOptions = { baseUrl: app.url, simulator, paths, timeout: 5_000 }
 * ```
 */
export interface CheckIntegrationOptions {
  /** Where the app runs, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string | URL;
  /**
   * The simulator the app's `TruecallerClient` talks to (through `simulator.fetch`, `simulator.handlers` or the
   * URLs of `simulator.listen()`). The check adds its own users to it (random Swedish mobile numbers) and
   * delivers their callbacks to `paths.callback` itself, so `callbackUrl` need not be set.
   */
  simulator: TruecallerSimulator;
  /** The app's routes. */
  paths: IntegrationPaths;
  /** Which scenarios to run. Default all of {@link INTEGRATION_SCENARIOS}. */
  scenarios?: readonly IntegrationScenario[] | undefined;
  /**
   * Headers each simulated browser sends on every request, e.g. a session cookie your test created
   * (`browser` counts from 0; each scenario opens new browsers). Default: none; cookies the app sets are kept
   * per browser, as a browser would.
   */
  session?: ((browser: number) => HeadersInit | Promise<HeadersInit>) | undefined;
  /** How long one scenario may take, in ms. Default 10,000. */
  timeout?: number | undefined;
  /** Wait between status polls, in ms. Default 100. */
  pollInterval?: number | undefined;
  /**
   * The fetch that reaches the app (browser requests and callbacks). Default `globalThis.fetch`, looked up per
   * call; pass your framework's in-process `fetch` to check an app without a server.
   */
  fetch?: typeof fetch | undefined;
}

/**
 * The outcome of one scenario.
 *
 * @example
 * ```ts
 * for (const result of report.results) if (result.status === 'failed') console.error(result.scenario, result.reason)
 * ```
 */
export interface ScenarioResult {
  /** Which scenario. */
  readonly scenario: IntegrationScenario;
  /** Whether it passed, failed, or was skipped (the `cancel` scenario without `paths.cancel`). */
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Why it failed or was skipped: the first broken expectation. Never holds a token, full number or state. */
  readonly reason?: string;
  /** What it did, in order (`browser A: start +46******123 -> 200`). */
  readonly steps: readonly string[];
  /** How long it took, in ms. */
  readonly durationMs: number;
}

/**
 * What {@link checkIntegration} resolves with.
 *
 * @example
 * ```ts
 * const report = await checkIntegration({ baseUrl, simulator, paths })
 * console.log(report.summary)
 * if (!report.ok) process.exitCode = 1
 * ```
 */
export interface IntegrationReport {
  /** `true` when no scenario failed. */
  readonly ok: boolean;
  /** The scenarios that passed. */
  readonly passed: readonly IntegrationScenario[];
  /** The scenarios that failed; their reasons are in {@link results}. */
  readonly failed: readonly IntegrationScenario[];
  /** Each scenario's result, in the order run. */
  readonly results: readonly ScenarioResult[];
  /** One line per scenario (`✓ approve (83 ms)` / `✗ cancel: …`), for CI logs. Safe to print. */
  readonly summary: string;
}

/**
 * Drives an app's running routes over HTTP through the documented scenarios, as browsers and as Truecaller,
 * against the simulator the app's client uses, and reports which passed and which failed with why. Scenarios
 * run one after another, each with fresh numbers and browser sessions, so repeated runs against the same app
 * do not interfere.
 *
 * The app's `state` function must return the browser session's id, read from something a browser carries:
 * a cookie the app sets (each simulated browser keeps its own cookie jar) or the headers `session` gives.
 * Reports name routes, masked numbers and statuses only: never a token, full number, state or the callback secret.
 *
 * @throws {TypeError} for invalid options. Never throws for a failing app: that is a failed scenario.
 * @example
 * ```ts
 * import { checkIntegration, TruecallerSimulator } from 'truecaller-web-login/simulator'
 *
 * const simulator = new TruecallerSimulator({ appKey: 'test-app-key' })
 * const truecaller = await simulator.listen()
 * const app = await startMyApp({ requestsUrl: truecaller.requestsUrl, profileUrl: truecaller.profileUrl })
 * const report = await checkIntegration({
 *   baseUrl: app.url,
 *   simulator,
 *   paths: { start: '/signin/truecaller', callback: '/truecaller/callback/s3cret', status: '/signin/truecaller/status', cancel: '/signin/truecaller/cancel' },
 * })
 * console.log(report.summary)
 * ```
 */
export async function checkIntegration(options: CheckIntegrationOptions): Promise<IntegrationReport> {
  const { engine, baseUrl, paths, scenarios, timeout, pollInterval, fetcher, session } = resolve(options);
  const numbers = numberSource();
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    if (scenario === 'cancel' && paths.cancel === undefined) {
      results.push({ scenario, status: 'skipped', reason: 'no `paths.cancel` was given', steps: [], durationMs: 0 });
      continue;
    }
    const began = Date.now();
    const context = new ScenarioContext(
      engine,
      baseUrl,
      paths,
      fetcher,
      session,
      pollInterval,
      began + timeout,
      numbers,
    );
    const reason = await run(SCENARIOS[scenario], context, timeout);
    results.push({
      scenario,
      status: reason === undefined ? 'passed' : 'failed',
      ...(reason === undefined ? {} : { reason }),
      steps: context.steps,
      durationMs: Date.now() - began,
    });
  }
  const passed = results.filter((result) => result.status === 'passed').map((result) => result.scenario);
  const failed = results.filter((result) => result.status === 'failed').map((result) => result.scenario);
  return { ok: failed.length === 0, passed, failed, results, summary: summarize(results) };
}

/** Runs one scenario; resolves with why it failed, or `undefined`. */
async function run(scenario: Scenario, context: ScenarioContext, timeout: number): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not finish within ${timeout} ms`), timeout);
  });
  try {
    return await Promise.race([
      scenario(context).then(
        () => undefined,
        (error: unknown) => (error instanceof ScenarioFailure ? error.message : unreachable(error)),
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function unreachable(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `the app could not be reached or answered unreadably (${message})`;
}

function summarize(results: readonly ScenarioResult[]): string {
  return results
    .map((result) => {
      if (result.status === 'passed') return `✓ ${result.scenario} (${result.durationMs} ms)`;
      if (result.status === 'skipped') return `- ${result.scenario}: skipped, ${result.reason}`;
      return `✗ ${result.scenario}: ${result.reason}\n${result.steps.map((step) => `    ${step}`).join('\n')}`;
    })
    .join('\n');
}

function resolve(options: CheckIntegrationOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('checkIntegration: pass { baseUrl, simulator, paths }.');
  }
  const engine = engineOf(options.simulator);
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.baseUrl);
  } catch {
    throw new TypeError('checkIntegration: `baseUrl` must be an absolute URL, e.g. http://127.0.0.1:3000.');
  }
  const paths = options.paths;
  for (const name of ['start', 'callback', 'status'] as const) {
    if (typeof paths?.[name] !== 'string' || paths[name] === '') {
      throw new TypeError(
        `checkIntegration: \`paths.${name}\` is required (the route's path, e.g. '/signin/truecaller').`,
      );
    }
  }
  const scenarios = options.scenarios ?? INTEGRATION_SCENARIOS;
  for (const scenario of scenarios) {
    if (!(scenario in SCENARIOS)) {
      throw new TypeError(`checkIntegration: unknown scenario; choose from ${INTEGRATION_SCENARIOS.join(', ')}.`);
    }
  }
  const custom = options.fetch;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new TypeError('checkIntegration: `fetch` must be a fetch function.');
  }
  const fetcher: typeof fetch = custom ?? ((input, init) => globalThis.fetch(input, init));
  const session = options.session ?? (() => ({}));
  return {
    engine,
    baseUrl,
    paths,
    scenarios,
    timeout: positive('timeout', options.timeout, 10_000),
    pollInterval: positive('pollInterval', options.pollInterval, 100),
    fetcher,
    session,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`checkIntegration: \`${name}\` must be a whole number of ms from 1.`);
  }
  return value;
}

/**
 * Fresh Swedish mobile numbers (`4670` and 7 digits; valid for the SDK's number check): random per run, so
 * number locks left by an earlier run against the same app never collide, and distinct within a run.
 */
function numberSource(): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const [value = 0] = crypto.getRandomValues(new Uint32Array(1));
      const candidate = `4670${String(value % 10_000_000).padStart(7, '0')}`;
      if (!used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
}
