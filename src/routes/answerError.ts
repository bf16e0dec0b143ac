import { isTruecallerError } from '../errors/TruecallerError.js';
import { errorResponse } from './errorResponse.js';

/**
 * Turns an SDK error into its answer. Anything else (a bug in the app's `state` or `onCompleted`, a `TypeError`
 * for a misused client) is rethrown, so the framework logs it and answers 500 as for any other bug.
 */
export function answerError(error: unknown): Response {
  if (isTruecallerError(error)) return errorResponse(error);
  throw error;
}
