import * as v from 'valibot';
import { MAX_ID_LENGTH } from '../internal/limits.js';

/** The start call's 200 body: `{"requestId":"92849748hueh9"}`, an opaque string. */
export const RequestAuthorizationResponseSchema = v.object({
  requestId: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH)),
});
