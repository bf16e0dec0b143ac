import { MAX_ID_LENGTH } from '../../internal/limits.js';
import { answerError } from '../answerError.js';
import type { RouteContext } from '../context.js';
import { answerFor, jsonAnswer } from '../errorAnswers.js';
import { readJsonObject } from '../readJsonObject.js';
import { sessionOf } from '../sessionOf.js';
import type { CancelAnswer } from '../wire.js';

/**
 * `POST {requestId}` -> 200 `{ status: 'cancelled' }`: the browser gave up (an OTP fallback); the number is free at
 * once, later callbacks are refused and polls answer `expired`. Idempotent: also 200 when nothing was pending
 * any more (unknown, completed, already cancelled).
 */
export function cancelHandler(context: RouteContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const state = await sessionOf(context, request, 'POST');
    if (state instanceof Response) return state;
    const body = await readJsonObject(request);
    if (!body.ok) return body.answer;
    const { requestId } = body.object;
    if (typeof requestId !== 'string' || requestId === '' || requestId.length > MAX_ID_LENGTH) {
      return answerFor('bad_request', { message: 'The body needs a `requestId` string.' });
    }
    try {
      await context.client.cancelSignIn(requestId, { state });
      return jsonAnswer({ status: 'cancelled' } satisfies CancelAnswer);
    } catch (error) {
      return answerError(error);
    }
  };
}
