import { answerError } from '../answerError.js';
import type { RouteContext } from '../context.js';
import { answerFor, jsonAnswer } from '../errorAnswers.js';
import { readJsonObject } from '../readJsonObject.js';
import { sessionOf } from '../sessionOf.js';
import type { StartAnswer } from '../wire.js';

/** `POST {phoneNumber}` -> 200 `{ requestId }`: Truecaller prompts the user's phone. */
export function startHandler(context: RouteContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const state = await sessionOf(context, request, 'POST');
    if (state instanceof Response) return state;
    const body = await readJsonObject(request);
    if (!body.ok) return body.answer;
    const { phoneNumber } = body.object;
    if (typeof phoneNumber !== 'string' && typeof phoneNumber !== 'number') {
      return answerFor('bad_request', { message: 'The body needs a `phoneNumber` string.' });
    }
    try {
      // No `signal`: once the POST is out the phone is prompting, and the number's lock must stay taken.
      const { requestId } = await context.client.requestAuthorization({ phoneNumber, state });
      return jsonAnswer({ requestId } satisfies StartAnswer);
    } catch (error) {
      return answerError(error);
    }
  };
}
