// The callback's limits live with every other limit, in `src/internal/limits.ts`; re-exported for the parser.
export {
  CALLBACK_READ_TIMEOUT,
  MAX_CALLBACK_BYTES,
  MAX_FIELDS,
  MAX_ID_LENGTH as MAX_FIELD_LENGTH,
} from '../internal/limits.js';
