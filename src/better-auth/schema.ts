/**
 * The user fields of Better Auth's own `phoneNumber` plugin, with the same names and types, so both plugins
 * share users: someone who signed up with an OTP signs in with Truecaller to the same account, and back. Numbers
 * are stored as `+` and the E.164 digits (`+46761234567`); configure the `phoneNumber` plugin's
 * `phoneNumberValidator` to accept only that form so both plugins find the same user.
 *
 * `phoneNumber` is not writable through Better Auth's user input (`input: false`): a number a user could set
 * themselves would let them claim someone else's number and receive that person's Truecaller sign-in. (The
 * `phoneNumber` plugin guards the same field with hooks; the two definitions merge.)
 *
 * @example
 * ```ts
 * betterAuth({ plugins: [phoneNumber({ phoneNumberValidator: (n) => /^\+\d{8,15}$/.test(n) }), truecaller(options)] })
 * ```
 */
export const truecallerSchema = {
  user: {
    fields: {
      phoneNumber: { type: 'string', required: false, unique: true, sortable: true, returned: true, input: false },
      phoneNumberVerified: { type: 'boolean', required: false, returned: true, input: false },
    },
  },
} as const;
