import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { InvalidPhoneNumberError } from '../errors/inputErrors.js';
import { maskPhoneNumber } from './maskPhoneNumber.js';

export type { CountryCode };

/**
 * `toText` has already refused anything but digits and separators, so the whole input is the number: libphonenumber
 * need not search the text for one (`extract: false`).
 */
const WHOLE_INPUT = { extract: false } as const;

/** Longest input looked at: E.164 has at most 15 digits, so anything this long is not a phone number. */
const MAX_INPUT_LENGTH = 64;

/**
 * Turns what a user typed into Truecaller's wire form: E.164 digits without the `+` (`46761234567`).
 *
 * Accepts `+46 76-123 45 67`, `0046761234567`, E.164 digits without `+` (a string or a JS number, the wire
 * form), and national format (`076-123 45 67`) when `defaultCountry` is given. Uses libphonenumber-js's mobile
 * metadata, so landlines, toll-free and premium numbers are refused like invalid ones: Truecaller sign-in
 * needs a phone that can approve the prompt.
 *
 * @throws {InvalidPhoneNumberError} for anything that is not a valid mobile number, including non-string input.
 * @example
 * ```ts
 * normalizePhoneNumber('+46 76 123 45 67')         // '46761234567'
 * normalizePhoneNumber('076-123 45 67', 'SE')       // '46761234567'
 * normalizePhoneNumber(919999999999)                // '919999999999'
 * ```
 */
export function normalizePhoneNumber(input: string | number, defaultCountry?: CountryCode): string {
  if (defaultCountry !== undefined && !isSupportedCountry(defaultCountry)) {
    throw new InvalidPhoneNumberError('Unknown default country: use an ISO 3166-1 alpha-2 code such as "SE".');
  }
  const text = toText(input);
  // Parsed one at a time: the first valid reading wins, and the others are never parsed.
  for (const candidate of candidates(text, defaultCountry)) {
    const phone = parsePhoneNumberFromString(
      candidate.text,
      candidate.country === undefined ? WHOLE_INPUT : { defaultCountry: candidate.country, extract: false },
    );
    if (phone?.isValid() && phone.ext === undefined) return phone.number.slice(1);
  }
  throw new InvalidPhoneNumberError(`${maskPhoneNumber(text)} is not a valid mobile phone number.`);
}

function toText(input: unknown): string {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) {
      throw new InvalidPhoneNumberError('A numeric phone number must be a positive whole number of E.164 digits.');
    }
    return `+${input}`;
  }
  if (typeof input !== 'string') {
    throw new InvalidPhoneNumberError('The phone number must be a string or a number.');
  }
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_INPUT_LENGTH) {
    throw new InvalidPhoneNumberError('The phone number is empty or too long.');
  }
  // libphonenumber reads past trailing text ("+46761234567abc", "… ext 12"); a number typed for sign-in has
  // only digits and the usual separators.
  if (/[^\d\s+\-()./]/.test(text)) {
    throw new InvalidPhoneNumberError(`${maskPhoneNumber(text)} contains characters a phone number can't have.`);
  }
  return text;
}

/** The readings of `text` to try, most specific first. */
function candidates(text: string, country: CountryCode | undefined): { text: string; country?: CountryCode }[] {
  if (text.startsWith('+')) return [{ text }];
  if (text.startsWith('00')) return [{ text: `+${text.slice(2)}` }];
  const international = { text: `+${text}` };
  if (country === undefined) return [international];
  // National first: with a default country, what the user typed is most likely local. A digit string that is
  // not a valid national number may still be the E.164 wire form.
  return /^\d+$/.test(text) ? [{ text, country }, international] : [{ text, country }];
}
