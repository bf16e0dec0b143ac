import { randomToken } from '../../internal/random.js';
import { describeAnswer, type HttpAnswer } from './browser.js';
import { errorOf, expectThat, isClientError, isPending, type ScenarioContext, statusOf } from './context.js';

/** One documented scenario: drives the app and throws `ScenarioFailure` at the first broken expectation. */
export type Scenario = (context: ScenarioContext) => Promise<void>;

/**
 * Whether a status answer is a completed sign-in: the `completed` StatusAnswer, or the app's own `onCompleted`
 * answer (a redirect, or a 2xx whose JSON has no `status` of its own). A 2xx saying any other status
 * (`pending`, `rejected`, `expired`, `failed`…) is not.
 */
function isCompleted(answer: HttpAnswer): boolean {
  if (answer.status >= 300 && answer.status < 400) return true;
  if (answer.status < 200 || answer.status >= 300) return false;
  const status = statusOf(answer);
  return status === 'completed' || typeof status !== 'string';
}

function expectExpired(answer: HttpAnswer, what: string): void {
  expectThat(
    answer.status === 200 && statusOf(answer) === 'expired',
    `${what}: the status route answered ${describeAnswer(answer)} (expected 200 status=expired)`,
  );
}

function expectRefusedCallback(answer: HttpAnswer, what: string): void {
  expectThat(
    isClientError(answer.status),
    `${what}: the callback route answered ${describeAnswer(answer)} (expected a 4xx: refused, never a 2xx or 5xx)`,
  );
}

function expectAcceptedCallback(status: number | undefined, what: string): void {
  expectThat(
    status !== undefined && status >= 200 && status < 300,
    `${what}: the callback route answered ${status ?? 'nothing within 3 s'} (expected 204)`,
  );
}

/** A user approves: one profile fetch, a completed status once, then `expired`; a redelivered callback is a 2xx. */
export const approve: Scenario = async (context) => {
  const browser = await context.browser();
  const phoneNumber = context.knownNumber();
  const requestId = await context.startSignIn(browser, phoneNumber);
  const before = await context.poll(browser, requestId);
  expectThat(
    isPending(before),
    `before the callback the status route answered ${describeAnswer(before)} (expected 200 status=pending)`,
  );

  const callback = await context.decide(requestId, 'approve');
  expectAcceptedCallback(callback.attempts.at(-1)?.status, "Truecaller's callback");
  const again = await context.postCallback(callback.body, '(the same callback again, as Truecaller may retry)');
  expectThat(
    again.status >= 200 && again.status < 300,
    `a redelivered callback was answered ${describeAnswer(again)} (expected 204: callbacks must be idempotent)`,
  );

  const after = await context.pollUntilSettled(browser, requestId);
  expectThat(
    isCompleted(after),
    `after the approval the status route answered ${describeAnswer(after)} (expected completed)`,
  );
  const token = String(callback.body.accessToken);
  const fetches = context
    .requestsSinceStart('profile')
    .filter((request) => request.headers.authorization === `Bearer ${token}`);
  expectThat(fetches.length === 1, `the app fetched the profile ${fetches.length} times (expected once)`);
  expectExpired(await context.poll(browser, requestId), 'polling a completed sign-in again');
};

/** A user declines (`user_rejected`, then `use_another_number`): `rejected` with the reason; the number is free again. */
export const decline: Scenario = async (context) => {
  for (const reason of ['user_rejected', 'use_another_number'] as const) {
    const browser = await context.browser();
    const phoneNumber = context.knownNumber();
    const requestId = await context.startSignIn(browser, phoneNumber);
    const callback = await context.decide(requestId, reason);
    expectAcceptedCallback(callback.attempts.at(-1)?.status, `the ${reason} callback`);
    const answer = await context.pollUntilSettled(browser, requestId);
    const json = answer.json as { status?: unknown; reason?: unknown } | undefined;
    expectThat(
      answer.status === 200 && json?.status === 'rejected' && json.reason === reason,
      `after ${reason} the status route answered ${describeAnswer(answer)} (expected 200 status=rejected reason=${reason})`,
    );
    await context.startSignIn(browser, phoneNumber);
  }
};

/** Truecaller answers 403/1008: a 4xx `forbidden` (offer another method); the number is not locked by it. */
export const forbidden: Scenario = async (context) => {
  const browser = await context.browser();
  const phoneNumber = context.refusedNumber();
  for (const attempt of ['', 'again ']) {
    const answer = await context.start(
      browser,
      { phoneNumber: `+${phoneNumber}` },
      `${attempt}(a number Truecaller refuses) `,
    );
    expectThat(
      isClientError(answer.status) && answer.status !== 429 && errorOf(answer) === 'forbidden',
      `the start route answered ${describeAnswer(answer)} for a number Truecaller refuses with 403/1008 (expected a 4xx with error=forbidden)`,
    );
  }
  const starts = context.requestsSinceStart('requests');
  expectThat(starts.length === 2, `the app made ${starts.length} start calls for two attempts (expected 2)`);
};

/** Invalid input: 400 for a number that is not a mobile number, a missing one, or a body that is not JSON; nothing sent. */
export const invalidNumber: Scenario = async (context) => {
  const browser = await context.browser();
  const cases: [unknown, string, string | undefined][] = [
    [{ phoneNumber: '12345' }, '(12345) ', 'invalid_phone_number'],
    [{}, '(no phoneNumber) ', undefined],
    ['phoneNumber=46761234567', '(not JSON) ', undefined],
  ];
  for (const [body, label, code] of cases) {
    const answer = await context.start(browser, body, label);
    expectThat(
      answer.status === 400 && (code === undefined || errorOf(answer) === code),
      `the start route answered ${describeAnswer(answer)} for ${label.trim()} (expected 400${code === undefined ? '' : ` with error=${code}`})`,
    );
  }
  const starts = context.requestsSinceStart('requests');
  expectThat(starts.length === 0, `the app sent ${starts.length} start calls for invalid input (expected none)`);
};

/** A second start for a pending number: 429 with `Retry-After` and `retryAfterMs`; Truecaller is not called again. */
export const pendingNumber: Scenario = async (context) => {
  const first = await context.browser();
  const second = await context.browser();
  const phoneNumber = context.knownNumber();
  await context.startSignIn(first, phoneNumber);
  const answer = await context.start(second, { phoneNumber: `+${phoneNumber}` }, '(the same number, still pending) ');
  expectThat(
    answer.status === 429 && errorOf(answer) === 'request_pending',
    `the start route answered ${describeAnswer(answer)} for a pending number (expected 429 with error=request_pending)`,
  );
  const retryAfter = answer.headers.get('retry-after') ?? '';
  expectThat(/^\d+$/.test(retryAfter), 'the 429 has no `Retry-After` header in whole seconds');
  const retryAfterMs = (answer.json as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  expectThat(typeof retryAfterMs === 'number' && retryAfterMs > 0, 'the 429 has no positive `retryAfterMs`');
  const starts = context.requestsSinceStart('requests');
  expectThat(
    starts.length === 1,
    `Truecaller received ${starts.length} start calls (expected 1: the pending number is locked)`,
  );
};

/** Forged callbacks are refused (4xx, never 5xx); one carrying the attacker's own valid token never signs anyone in. */
export const forgedCallback: Scenario = async (context) => {
  const unknown = await context.postCallback(
    { requestId: randomToken(20), accessToken: randomToken(48) },
    '(an unknown requestId)',
  );
  expectRefusedCallback(unknown, 'a callback for an unknown requestId');
  expectRefusedCallback(
    await context.postCallback('not json', '(not JSON)', { contentType: 'text/plain' }),
    'a callback whose body is not JSON',
  );
  expectRefusedCallback(await context.postCallback({}, '(an empty object)'), 'a callback without requestId');
  const segments = context.paths.callback.split('/');
  if (segments.length > 2) {
    segments[segments.length - 1] = randomToken(12);
    const wrongSecret = await context.postCallback(
      { requestId: randomToken(20), accessToken: randomToken(48) },
      '(at a wrong secret)',
      { path: segments.join('/') },
    );
    expectRefusedCallback(wrongSecret, 'a callback at a wrong secret');
  }

  // The attacker types the victim's number in their own browser, then posts their own valid token.
  const browser = await context.browser();
  const victim = context.knownNumber();
  const attacker = context.knownNumber();
  const requestId = await context.startSignIn(browser, victim);
  const state = context.engine.promptOf(requestId)?.state;
  const forged = await context.postCallback(
    { requestId, accessToken: context.engine.issueToken(attacker), ...(state === undefined ? {} : { state }) },
    "(the attacker's own valid token, the right state)",
  );
  expectThat(forged.status < 500, `a forged callback was answered ${describeAnswer(forged)} (never a 5xx)`);
  const answer = await context.pollUntilSettled(browser, requestId);
  expectThat(
    !isCompleted(answer),
    "a callback carrying another number's token completed the sign-in (the profile's number must be checked)",
  );
  expectThat(
    isClientError(answer.status),
    `the status route answered ${describeAnswer(answer)} for a token of another number (expected a 4xx, e.g. 403 phone_number_mismatch)`,
  );
};

/** Another browser session can neither read a sign-in's status nor settle it with a callback of another state. */
export const wrongState: Scenario = async (context) => {
  const owner = await context.browser();
  const stranger = await context.browser();
  const phoneNumber = context.knownNumber();
  const requestId = await context.startSignIn(owner, phoneNumber);
  const state = context.engine.promptOf(requestId)?.state;
  expectThat(
    state !== undefined,
    "the app started the sign-in without a `state`: the routes' `state` function must return the browser session's id",
  );
  const peek = await context.poll(stranger, requestId);
  expectThat(
    isClientError(peek.status),
    `another browser's status poll was answered ${describeAnswer(peek)} (expected 403: is \`state\` read from the browser session?)`,
  );
  const forged = await context.postCallback(
    { requestId, accessToken: context.engine.issueToken(phoneNumber), state: `${state}-forged` },
    '(a valid token, another state)',
  );
  expectRefusedCallback(forged, 'a callback with another state');

  const callback = await context.decide(requestId, 'approve');
  expectAcceptedCallback(callback.attempts.at(-1)?.status, "Truecaller's callback after the forged ones");
  const answer = await context.pollUntilSettled(owner, requestId);
  expectThat(
    isCompleted(answer),
    `the owner's sign-in did not complete after the refused attempts: ${describeAnswer(answer)}`,
  );
};

/** Cancel: a stranger cannot; the owner can, the number is free at once, and a late callback is refused. */
export const cancel: Scenario = async (context) => {
  const owner = await context.browser();
  const stranger = await context.browser();
  const phoneNumber = context.knownNumber();
  const requestId = await context.startSignIn(owner, phoneNumber);
  const strangers = await context.cancel(stranger, requestId);
  expectThat(
    isClientError(strangers.status),
    `another browser's cancel was answered ${describeAnswer(strangers)} (expected a 4xx)`,
  );
  const still = await context.poll(owner, requestId);
  expectThat(
    isPending(still),
    `after a stranger's cancel the owner's poll answered ${describeAnswer(still)} (expected pending)`,
  );

  const cancelled = await context.cancel(owner, requestId);
  expectThat(
    cancelled.status === 200 && statusOf(cancelled) === 'cancelled',
    `the cancel route answered ${describeAnswer(cancelled)} (expected 200 status=cancelled)`,
  );
  expectExpired(await context.poll(owner, requestId), 'after the cancel');
  const late = await context.decide(requestId, 'approve');
  const lateStatus = late.attempts.at(-1)?.status;
  expectThat(
    lateStatus !== undefined && isClientError(lateStatus),
    `a callback for the cancelled sign-in was answered ${lateStatus ?? 'nothing'} (expected a 4xx)`,
  );
  const again = await context.startSignIn(owner, phoneNumber);
  expectThat(again !== requestId, 'starting again returned the cancelled requestId');
};

/** Unknown ids poll as `expired`; a token that expired before the app used it ends the sign-in, which can be restarted. */
export const expiry: Scenario = async (context) => {
  const browser = await context.browser();
  expectExpired(await context.poll(browser, `unknown-${randomToken(12)}`), 'an unknown requestId');

  const phoneNumber = context.knownNumber();
  const requestId = await context.startSignIn(browser, phoneNumber);
  const callback = await context.decide(requestId, 'approve');
  expectAcceptedCallback(callback.attempts.at(-1)?.status, "Truecaller's callback");
  context.engine.expireToken(String(callback.body.accessToken));
  context.log('truecaller: the access token expired (10 minutes passed)');
  const answer = await context.pollUntilSettled(browser, requestId);
  expectThat(
    !isCompleted(answer),
    `a sign-in whose token expired was answered ${describeAnswer(answer)} (expected a failure)`,
  );
  expectExpired(await context.poll(browser, requestId), 'polling again after the token expired');
  await context.startSignIn(browser, phoneNumber);
};
