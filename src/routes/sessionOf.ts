import type { RouteContext } from './context.js';
import { answerFor } from './errorAnswers.js';

/**
 * The checks every browser route makes first, in this order: the method (405 `method_not_allowed` with `Allow`),
 * then the browser session (401 `session_required`). Resolves the session's state, or the answer that refuses
 * the request.
 */
export async function sessionOf(
  context: Pick<RouteContext, 'state'>,
  request: Request,
  method: 'GET' | 'POST',
): Promise<string | Response> {
  if (request.method !== method) return answerFor('method_not_allowed', { allow: method });
  return (await context.state(request)) ?? answerFor('session_required');
}
