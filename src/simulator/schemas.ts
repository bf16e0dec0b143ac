import * as v from 'valibot';

/**
 * The start call's body as Truecaller documents it: `{"phoneNumber": 46761234567, "state": "…"}`. `phoneNumber`
 * is a Long, so a JSON string of digits is refused (Truecaller's own handling of one is undocumented; the
 * simulator is strict so a client that sends one is caught).
 */
export const StartCallBodySchema = v.object({
  phoneNumber: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  state: v.optional(v.string()),
});

/** A parsed start-call body. */
export type StartCallBody = v.InferOutput<typeof StartCallBodySchema>;
