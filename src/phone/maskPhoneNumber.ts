/**
 * Masks a phone number for messages and logs: the first two and last three digits stay, the rest become `*`
 * (`46761234567` -> `+46******567`). Anything with fewer than 8 digits is masked entirely.
 *
 * @example
 * ```ts
 * maskPhoneNumber('46761234567') // '+46******567'
 * ```
 */
export function maskPhoneNumber(phoneNumber: string | number): string {
  const digits = String(phoneNumber).replace(/\D/g, '').slice(0, 20);
  if (digits.length < 8) return `+${'*'.repeat(Math.max(digits.length, 1))}`;
  return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 5)}${digits.slice(-3)}`;
}
