import type { CallbackAttempt, SimulatedCallback } from './records.js';
import { sleep, withDeadline } from './time.js';

/** Where callbacks go. */
export type CallbackTarget =
  | { type: 'url'; url: string }
  | { type: 'function'; deliver: (body: Record<string, unknown>) => unknown }
  | { type: 'none' };

/** How deliveries behave (the simulator's `callbackTimeout`, `callbackRetries`, `callbackRetryDelay`). */
export interface DeliverySettings {
  timeout: number;
  retries: number;
  retryDelay: number;
}

/** A callback record the delivery fills in. */
export type CallbackInProgress = { -readonly [K in keyof SimulatedCallback]: SimulatedCallback[K] } & {
  attempts: CallbackAttempt[];
};

const TIMED_OUT = Symbol('timed out');

/**
 * Delivers one callback the way Truecaller would: a JSON POST that must be answered within the deadline, sent
 * again after a failure only when `retries` allows (Truecaller's retry behaviour is undocumented). Never rejects:
 * every outcome is recorded in `callback`.
 */
export async function deliverCallback(
  callback: CallbackInProgress,
  target: CallbackTarget,
  settings: DeliverySettings,
): Promise<void> {
  if (target.type === 'none') return;
  for (let attempt = 0; ; attempt++) {
    const result =
      target.type === 'url'
        ? await postOnce(target.url, callback.body, settings.timeout)
        : await callOnce(target.deliver, callback.body, settings.timeout);
    callback.attempts.push(result);
    if (succeeded(result)) {
      callback.delivered = true;
      return;
    }
    const retryable = result.error !== undefined || (result.status ?? 0) >= 500;
    if (!retryable || attempt >= settings.retries) return;
    await sleep(settings.retryDelay);
  }
}

function succeeded(result: CallbackAttempt): boolean {
  if (result.error !== undefined) return false;
  return result.status === undefined || (result.status >= 200 && result.status < 300);
}

async function postOnce(url: string, body: object, timeout: number): Promise<CallbackAttempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  try {
    // Looked up per call, so an msw server or a patched fetch sees the callback too.
    const response = await globalThis.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: controller.signal,
    });
    await response.body?.cancel().catch(() => undefined);
    return { status: response.status };
  } catch (error) {
    return { error: controller.signal.aborted ? deadlineError(timeout) : error };
  } finally {
    clearTimeout(timer);
  }
}

async function callOnce(
  deliver: (body: Record<string, unknown>) => unknown,
  body: Record<string, unknown>,
  timeout: number,
): Promise<CallbackAttempt> {
  try {
    const answer = await withDeadline(
      Promise.resolve().then(() => deliver(body)),
      timeout,
      TIMED_OUT,
    );
    if (answer === TIMED_OUT) return { error: deadlineError(timeout) };
    if (isResponse(answer)) {
      await answer.body?.cancel().catch(() => undefined);
      return { status: answer.status };
    }
    return {};
  } catch (error) {
    return { error };
  }
}

function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Response).status === 'number' &&
    typeof (value as Response).headers === 'object'
  );
}

function deadlineError(timeout: number): Error {
  return new Error(`the app did not answer the callback within ${timeout} ms (Truecaller waits at most 3 s)`);
}
