import type { SignInStatus } from '../../lifecycle/types.js';
import { answerError } from '../answerError.js';
import type { RouteContext } from '../context.js';
import { answerFor, jsonAnswer } from '../errorAnswers.js';
import { sessionOf } from '../sessionOf.js';
import type { RejectionReasonAnswer, StatusAnswer } from '../wire.js';

/**
 * `GET ?requestId=` -> 200 `StatusAnswer`; a completed sign-in is answered by the app's `onCompleted` (where
 * it creates its session), or with `{ status: 'completed' }` alone. The profile never reaches the browser
 * unless `onCompleted` sends it.
 */
export function statusHandler(context: RouteContext): (request: Request) => Promise<Response> {
  return async (request) => {
    // GET only: a HEAD (a prefetch, a link checker) must not complete the sign-in and lose its answer.
    const state = await sessionOf(context, request, 'GET');
    if (state instanceof Response) return state;
    const requestId = new URL(request.url).searchParams.get('requestId');
    if (requestId === null || requestId === '') {
      return answerFor('bad_request', { message: 'The query needs a `requestId`.' });
    }
    let result: SignInStatus;
    try {
      result = await context.client.completeSignIn(requestId, { state });
    } catch (error) {
      return answerError(error);
    }
    if (result.status !== 'completed') return jsonAnswer(toAnswer(result));
    if (context.onCompleted === undefined) return jsonAnswer({ status: 'completed' } satisfies StatusAnswer);
    return context.onCompleted(result, request);
  };
}

function toAnswer(result: Exclude<SignInStatus, { status: 'completed' }>): StatusAnswer {
  if (result.status !== 'rejected') return { status: result.status };
  return { status: 'rejected', reason: rejectionReason(result.reason) };
}

/** Reasons Truecaller may add later are answered as a plain decline: the browser never sees free text. */
function rejectionReason(reason: string): RejectionReasonAnswer {
  return reason === 'use_another_number' ? 'use_another_number' : 'user_rejected';
}
