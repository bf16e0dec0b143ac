import { answerError } from '../answerError.js';
import { hasCallbackSecret } from '../callbackSecret.js';
import type { RouteContext } from '../context.js';
import { answerFor } from '../errorAnswers.js';

/**
 * Truecaller's `POST` -> 204 (a redelivery too). The body is handed to the SDK unread, whatever its content
 * type: malformed and `text/plain` callbacks get the SDK's own 400, never a framework's.
 */
export function callbackHandler(context: RouteContext): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'POST') return answerFor('method_not_allowed', { allow: 'POST' });
    const secret = context.callbackSecret;
    // A wrong secret looks like a route that does not exist.
    if (secret !== undefined && !(await hasCallbackSecret(request, secret))) return answerFor('not_found');
    try {
      await context.client.handleCallback(request);
      return new Response(null, { status: 204 });
    } catch (error) {
      return answerError(error);
    }
  };
}
