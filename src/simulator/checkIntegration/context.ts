import { maskPhoneNumber } from '../../phone/maskPhoneNumber.js';
import type { SimulatorEngine } from '../engine.js';
import type { PhoneAnswer } from '../options.js';
import type { SimulatedCallback, SimulatedRequest } from '../records.js';
import { sleep } from '../time.js';
import { Browser, describeAnswer, type HttpAnswer, readAnswer } from './browser.js';

/** The routes of the app under check, as paths resolved against its base URL. */
export interface RoutePaths {
  start: string;
  callback: string;
  status: string;
  cancel?: string | undefined;
}

/** Raised by a scenario step whose expectation failed; its message is the report's reason. */
export class ScenarioFailure extends Error {
  override name = 'ScenarioFailure';
}

/** Fails the scenario with `reason` unless `condition` holds. */
export function expectThat(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new ScenarioFailure(reason);
}

/** What every scenario works with: the app's routes over HTTP, the simulator's engine, and a step log. */
export class ScenarioContext {
  readonly steps: string[] = [];
  readonly #firstRequest: number;
  #browsers = 0;

  constructor(
    readonly engine: SimulatorEngine,
    private readonly baseUrl: URL,
    readonly paths: RoutePaths,
    private readonly fetcher: typeof fetch,
    private readonly session: (browser: number) => HeadersInit | Promise<HeadersInit>,
    private readonly pollInterval: number,
    private readonly deadline: number,
    private readonly numbers: () => string,
  ) {
    this.#firstRequest = engine.requests.length;
  }

  log(step: string): void {
    this.steps.push(step);
  }

  /** A fresh browser session, with its own cookies. Browsers are named A, B, C… in the steps. */
  async browser(): Promise<Browser & { name: string }> {
    const index = this.#browsers++;
    const browser = new Browser(this.baseUrl, this.fetcher, await this.session(index));
    return Object.assign(browser, { name: String.fromCharCode(65 + (index % 26)) });
  }

  /** A fresh valid mobile number (E.164 digits) that Truecaller knows, with `decision: 'ignore'`. */
  knownNumber(): string {
    const phoneNumber = this.numbers();
    this.engine.override(phoneNumber, { decision: 'ignore' });
    return phoneNumber;
  }

  /** A fresh valid mobile number Truecaller refuses with 403/1008. */
  refusedNumber(): string {
    const phoneNumber = this.numbers();
    this.engine.override(phoneNumber, false);
    return phoneNumber;
  }

  /** The requests the simulator received since this scenario began. */
  requestsSinceStart(endpoint: SimulatedRequest['endpoint']): SimulatedRequest[] {
    return this.engine.requests.slice(this.#firstRequest).filter((request) => request.endpoint === endpoint);
  }

  // -- the browser's routes -------------------------------------------------------------------------------

  /** POSTs the start route; the answer as is. */
  async start(browser: Browser & { name: string }, body: unknown, label?: string): Promise<HttpAnswer> {
    const answer = await browser.send(
      'POST',
      this.paths.start,
      typeof body === 'string' ? { text: body } : { json: body },
    );
    this.log(`browser ${browser.name}: start ${label ?? ''}-> ${describeAnswer(answer)}`.replace('  ', ' '));
    return answer;
  }

  /** Starts a sign-in for `phoneNumber` and requires a 200 `{ requestId }` the simulator issued. */
  async startSignIn(browser: Browser & { name: string }, phoneNumber: string): Promise<string> {
    const answer = await this.start(browser, { phoneNumber: `+${phoneNumber}` }, `${maskPhoneNumber(phoneNumber)} `);
    if (answer.status !== 200) throw new ScenarioFailure(this.#diagnoseStart(answer));
    const requestId = (answer.json as { requestId?: unknown } | undefined)?.requestId;
    expectThat(typeof requestId === 'string' && requestId !== '', 'the start route answered 200 without a `requestId`');
    const prompt = this.engine.promptOf(requestId);
    expectThat(
      prompt !== undefined,
      "the start route's requestId is not one the simulator issued: is the app's TruecallerClient using this " +
        'simulator (`fetch: simulator.fetch`, or the `requestsUrl`/`profileUrl` of `simulator.listen()`)?',
    );
    expectThat(prompt.phoneNumber === phoneNumber, 'the app sent Truecaller another number than the browser typed');
    return requestId;
  }

  #diagnoseStart(answer: HttpAnswer): string {
    const expected = `the start route answered ${describeAnswer(answer)} (expected 200 with a requestId)`;
    const starts = this.requestsSinceStart('requests');
    const last = starts.at(-1);
    if (last === undefined) {
      return `${expected}; no start call reached the simulator: is the app's TruecallerClient using this simulator?`;
    }
    if (last.headers.appkey !== this.engine.options.appKey) {
      return `${expected}; the app's start call carried another appKey than the simulator's (Truecaller answered 404)`;
    }
    return expected;
  }

  /** GETs the status route for `requestId`. */
  async poll(browser: Browser & { name: string }, requestId: string): Promise<HttpAnswer> {
    const answer = await browser.send('GET', this.paths.status, { query: { requestId } });
    this.log(`browser ${browser.name}: status -> ${describeAnswer(answer)}`);
    return answer;
  }

  /** Polls until the answer is no longer a 200 `pending`, or the scenario's time runs out. */
  async pollUntilSettled(browser: Browser & { name: string }, requestId: string): Promise<HttpAnswer> {
    for (;;) {
      const answer = await browser.send('GET', this.paths.status, { query: { requestId } });
      if (!isPending(answer)) {
        this.log(`browser ${browser.name}: status -> ${describeAnswer(answer)}`);
        return answer;
      }
      if (Date.now() + this.pollInterval > this.deadline) {
        this.log(`browser ${browser.name}: status -> ${describeAnswer(answer)}`);
        throw new ScenarioFailure('the status route still answered `pending` after the callback was accepted');
      }
      await sleep(this.pollInterval);
    }
  }

  /** POSTs `cancel` for `requestId`. */
  async cancel(browser: Browser & { name: string }, requestId: string): Promise<HttpAnswer> {
    const path = this.paths.cancel;
    expectThat(path !== undefined, 'no `paths.cancel` was given');
    const answer = await browser.send('POST', path, { json: { requestId } });
    this.log(`browser ${browser.name}: cancel -> ${describeAnswer(answer)}`);
    return answer;
  }

  // -- Truecaller's side ----------------------------------------------------------------------------------

  /** The user answers on their phone; the simulator POSTs the callback to the app's callback route. */
  async decide(requestId: string, answer: PhoneAnswer): Promise<SimulatedCallback> {
    const callback = await this.engine.decide(requestId, answer, {
      type: 'function',
      deliver: (body) => this.#postCallback(this.paths.callback, JSON.stringify(body), 'application/json'),
    });
    const attempt = callback.attempts.at(-1);
    this.log(`truecaller: callback (${answer}) -> ${attempt?.status ?? 'no answer'}`);
    return callback;
  }

  /** POSTs a body of the test's making to the callback route (or to `path`), as anyone on the internet can. */
  async postCallback(
    body: unknown,
    label: string,
    options: { path?: string; contentType?: string } = {},
  ): Promise<HttpAnswer> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await this.#postCallback(
      options.path ?? this.paths.callback,
      text,
      options.contentType ?? 'application/json',
    );
    const answer = await readAnswer(response);
    this.log(`anyone: callback ${label} -> ${describeAnswer(answer)}`);
    return answer;
  }

  #postCallback(path: string, body: string, contentType: string): Promise<Response> {
    return this.fetcher(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      redirect: 'manual',
    });
  }
}

/** Whether an answer is the status route's 200 `{ status: 'pending' }`. */
export function isPending(answer: HttpAnswer): boolean {
  return answer.status === 200 && (answer.json as { status?: unknown } | undefined)?.status === 'pending';
}

/** The `status` field of a JSON answer. */
export function statusOf(answer: HttpAnswer): unknown {
  return (answer.json as { status?: unknown } | undefined)?.status;
}

/** The `error` field of a JSON answer. */
export function errorOf(answer: HttpAnswer): unknown {
  return (answer.json as { error?: unknown } | undefined)?.error;
}

/** Whether a status is a 4xx. */
export function isClientError(status: number): boolean {
  return status >= 400 && status < 500;
}
