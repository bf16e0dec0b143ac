import { parsePhoneNumberFromString as parseWithFullMetadata } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError } from '../../src/errors/inputErrors.js';
import { TruecallerError } from '../../src/errors/TruecallerError.js';
import { maskPhoneNumber } from '../../src/phone/maskPhoneNumber.js';
import { type CountryCode, normalizePhoneNumber } from '../../src/phone/normalizePhoneNumber.js';
import { MASKED_PHONE_NUMBER, PHONE_NUMBER } from '../fixtures/payloads.js';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

function phoneError(action: () => unknown): InvalidPhoneNumberError {
  const error = thrownBy(action);
  expect(error).toBeInstanceOf(InvalidPhoneNumberError);
  return error as InvalidPhoneNumberError;
}

/** The number's type according to libphonenumber's full metadata, to check a fixture is what its name says. */
function typeOf(e164: string): string | undefined {
  return parseWithFullMetadata(e164)?.getType();
}

describe('normalizePhoneNumber: accepted forms', () => {
  it.each([
    ['E.164 with +', '+46761234567'],
    ['E.164 with spaces', '+46 76 123 45 67'],
    ['E.164 with spaces and dashes', '+46 76-123 45 67'],
    ['E.164 with dashes only', '+46-76-123-45-67'],
    ['E.164 with dots and parentheses', '+46 (76) 123.45.67'],
    ['00 international prefix', '0046761234567'],
    ['00 prefix with spaces', '00 46 76 123 45 67'],
    ['digits without +, the wire form', '46761234567'],
    ['surrounding whitespace', '  +46761234567\n'],
    ['the (0) trunk prefix written after the country code', '+46 (0)76 123 45 67'],
  ])('reads %s', (_label, input) => {
    expect(normalizePhoneNumber(input)).toBe(PHONE_NUMBER);
  });

  it('reads the wire form given as a JS number', () => {
    expect(normalizePhoneNumber(46761234567)).toBe(PHONE_NUMBER);
  });

  it('reads the documented Indian example given as a JS number', () => {
    expect(normalizePhoneNumber(919999999999)).toBe('919999999999');
  });

  it.each([
    ['076-123 45 67', 'SE'],
    ['0761234567', 'SE'],
    ['076 123 45 67', 'SE'],
    ['07400 123456', 'GB'],
    ['99999 99999', 'IN'],
    ['(201) 555-0123', 'US'],
  ] as const)('reads national format %s with defaultCountry %s', (input, country) => {
    const expected = parseWithFullMetadata(input, country)?.number.slice(1);

    expect(normalizePhoneNumber(input, country)).toBe(expected);
  });

  it('still reads the wire form when a defaultCountry is given', () => {
    expect(normalizePhoneNumber(PHONE_NUMBER, 'SE')).toBe(PHONE_NUMBER);
  });

  it('lets an explicit + prefix win over the defaultCountry', () => {
    expect(normalizePhoneNumber('+44 7400 123456', 'SE')).toBe('447400123456');
  });

  it('reads a 00-prefixed number from another country when a defaultCountry is given', () => {
    expect(normalizePhoneNumber('0044 7400 123456', 'SE')).toBe('447400123456');
  });

  it('needs a defaultCountry to read national format', () => {
    phoneError(() => normalizePhoneNumber('076-123 45 67'));
  });
});

describe('normalizePhoneNumber: numbers that cannot approve a Truecaller prompt', () => {
  it.each([
    ['a Swedish landline (Stockholm)', '+46 8 123 456 78'],
    ['a UK landline (London)', '+44 20 7946 0000'],
  ])('refuses %s', (_label, input) => {
    expect(typeOf(input)).toBe('FIXED_LINE');

    phoneError(() => normalizePhoneNumber(input));
  });

  it('refuses a Swedish landline in national format', () => {
    expect(typeOf('+46812345678')).toBe('FIXED_LINE');

    phoneError(() => normalizePhoneNumber('08-123 456 78', 'SE'));
  });

  it.each([
    ['a Swedish toll-free number', '+46 20 123 45 67'],
    ['a US toll-free number', '+1 800 555 1234'],
  ])('refuses %s', (_label, input) => {
    expect(typeOf(input)).toBe('TOLL_FREE');

    phoneError(() => normalizePhoneNumber(input));
  });

  it('refuses a premium-rate number', () => {
    expect(typeOf('+44 909 876 5432')).toBe('PREMIUM_RATE');

    phoneError(() => normalizePhoneNumber('+44 909 876 5432'));
  });

  it.each([
    ['ext.', '+46 76 123 45 67 ext. 123'],
    ['x', '+46761234567 x123'],
    ['RFC 3966 ;ext=', '+46761234567;ext=123'],
  ])('refuses a mobile number with an extension (%s)', (_label, input) => {
    phoneError(() => normalizePhoneNumber(input));
  });
});

describe('normalizePhoneNumber: invalid input', () => {
  it.each([
    ['too long', '+46 76 123 45 67 89 01 23'],
    ['too short', '+46 76 12'],
    ['an unknown country code', '+999 761 234 567'],
    ['letters', 'not a number'],
    ['only a plus', '+'],
    ['over 64 characters', `+46761234567${' '.repeat(60)}0`],
    ['trailing letters after a valid number', '+46761234567abc'],
    ['an extension after a valid number', '+46761234567 ext 12'],
  ])('refuses %s', (_label, input) => {
    phoneError(() => normalizePhoneNumber(input));
  });

  it.each([
    ['an empty string', ''],
    ['whitespace', '   '],
  ])('refuses %s', (_label, input) => {
    phoneError(() => normalizePhoneNumber(input));
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
    ['a bigint', 46761234567n],
    ['an object', { phoneNumber: PHONE_NUMBER }],
    ['an array', [PHONE_NUMBER]],
    ['a boxed string', new String(PHONE_NUMBER)],
  ])('refuses %s with InvalidPhoneNumberError, not a TypeError', (_label, input) => {
    phoneError(() => normalizePhoneNumber(input as string));
  });

  it.each([
    ['zero', 0],
    ['negative', -46761234567],
    ['fractional', 4676123456.7],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond a safe integer', 2 ** 60],
  ])('refuses a %s number', (_label, input) => {
    phoneError(() => normalizePhoneNumber(input));
  });

  it('refuses an unknown defaultCountry', () => {
    const error = phoneError(() => normalizePhoneNumber('076-123 45 67', 'XX' as CountryCode));

    expect(error.message).toMatch(/country/i);
  });

  it.each(['constructor', '__proto__', 'toString', '001'])('refuses %s as a defaultCountry', (defaultCountry) => {
    phoneError(() => normalizePhoneNumber('+46761234567', defaultCountry as CountryCode));
  });

  it('refuses a lower-case defaultCountry', () => {
    phoneError(() => normalizePhoneNumber('076-123 45 67', 'se' as CountryCode));
  });

  it('gives an error with the invalid_phone_number code, which is a TruecallerError', () => {
    const error = phoneError(() => normalizePhoneNumber('+46 8 123 456 78'));

    expect(error).toBeInstanceOf(TruecallerError);
    expect(error.code).toBe('invalid_phone_number');
    expect(error.name).toBe('InvalidPhoneNumberError');
  });
});

describe('normalizePhoneNumber: errors mask the number', () => {
  it.each([
    ['a landline', '+46 8 123 456 78', '46812345678'],
    ['a toll-free number', '+46 20 123 45 67', '46201234567'],
    ['a number with an extension', '+46 76 123 45 67 ext. 123', '46761234567123'],
    ['a number that is too long', '+46 76 123 45 67 89 01 23', '46761234567890123'],
    ['national digits without a defaultCountry', '0761234567', '0761234567'],
  ])('for %s', (_label, input, digits) => {
    const error = phoneError(() => normalizePhoneNumber(input));

    expect(error.message).not.toContain(digits);
    expect(JSON.stringify(error)).not.toContain(digits);
    expect(error.message).toContain(maskPhoneNumber(digits));
  });

  it('for a landline given as a JS number', () => {
    const error = phoneError(() => normalizePhoneNumber(46812345678));

    expect(error.message).not.toContain('46812345678');
  });

  it('for a national number with an unknown defaultCountry', () => {
    const error = phoneError(() => normalizePhoneNumber('0761234567', 'XX' as CountryCode));

    expect(error.message).not.toContain('0761234567');
  });

  it('for input over 64 characters', () => {
    const input = `+46761234567${'0'.repeat(60)}`;

    const error = phoneError(() => normalizePhoneNumber(input));

    expect(error.message).not.toContain('46761234567');
  });
});

describe('maskPhoneNumber', () => {
  it('keeps the first two and last three digits of the documented number', () => {
    expect(maskPhoneNumber(PHONE_NUMBER)).toBe(MASKED_PHONE_NUMBER);
  });

  it('masks a JS number the same way', () => {
    expect(maskPhoneNumber(46761234567)).toBe(MASKED_PHONE_NUMBER);
  });

  it('ignores formatting characters', () => {
    expect(maskPhoneNumber('+46 76-123 45 67')).toBe(MASKED_PHONE_NUMBER);
  });

  it('masks a 12-digit number with seven stars', () => {
    expect(maskPhoneNumber('919999999999')).toBe('+91*******999');
  });

  it('masks numbers with fewer than 8 digits entirely', () => {
    expect(maskPhoneNumber('1234567')).toBe('+*******');
  });

  it('masks a string without digits as a single star', () => {
    expect(maskPhoneNumber('abc')).toBe('+*');
  });

  it('caps the length of its output for very long input', () => {
    expect(maskPhoneNumber('9'.repeat(1000)).length).toBeLessThanOrEqual(21);
  });
});
