import * as fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { getCountries, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';
import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError } from '../../src/errors/inputErrors.js';
import { type CountryCode, normalizePhoneNumber } from '../../src/phone/normalizePhoneNumber.js';
import { testProp } from '../support/property.js';

/** Runs normalizePhoneNumber; the property fails on anything but E.164 digits or an InvalidPhoneNumberError. */
function normalizeOrInvalid(input: unknown, country?: CountryCode): string | InvalidPhoneNumberError {
  let digits: string;
  try {
    digits = normalizePhoneNumber(input as string, country);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect((error as InvalidPhoneNumberError).code).toBe('invalid_phone_number');
    return error as InvalidPhoneNumberError;
  }
  expect(digits).toMatch(/^[1-9]\d{6,14}$/);
  return digits;
}

/** Every region's example mobile number from libphonenumber-js, parsed. */
const EXAMPLES: { country: CountryCode; phone: PhoneNumber }[] = (Object.keys(examples) as CountryCode[]).map(
  (country) => {
    const phone = parsePhoneNumberFromString(examples[country] ?? '', country);
    if (phone === undefined) throw new Error(`libphonenumber-js example for ${country} does not parse`);
    return { country, phone };
  },
);

const example = fc.constantFrom(...EXAMPLES);
const country = fc.constantFrom(...getCountries());
const separator = fc.constantFrom('', ' ', '-', '.', ' - ');

/** The E.164 digits with a random separator (or none) after each digit. */
function withSeparators(digits: string, separators: string[]): string {
  return [...digits]
    .map((digit, index) => digit + (index < digits.length - 1 ? (separators[index] ?? '') : ''))
    .join('');
}

const FORMATS: Record<string, (entry: { country: CountryCode; phone: PhoneNumber }) => string> = {
  'E.164 with +': ({ phone }) => normalizePhoneNumber(phone.number),
  'international format with spaces': ({ phone }) => normalizePhoneNumber(phone.formatInternational()),
  'international format with dashes': ({ phone }) =>
    normalizePhoneNumber(phone.formatInternational().replace(/ /g, '-')),
  '00 prefix': ({ phone }) => normalizePhoneNumber(`00${phone.number.slice(1)}`),
  'digits without +': ({ phone }) => normalizePhoneNumber(phone.number.slice(1)),
  'JS number': ({ phone }) => normalizePhoneNumber(Number(phone.number.slice(1))),
  'national format with defaultCountry': ({ country, phone }) => normalizePhoneNumber(phone.formatNational(), country),
  'national digits with defaultCountry': ({ country, phone }) =>
    normalizePhoneNumber(phone.formatNational().replace(/\D/g, ''), country),
  'E.164 with + and defaultCountry': ({ country, phone }) => normalizePhoneNumber(phone.number, country),
};

describe('normalizePhoneNumber never fails in an undocumented way', () => {
  testProp([fc.string({ unit: 'binary', maxLength: 80 })], { numRuns: 300 })('for any string', (input) => {
    normalizeOrInvalid(input);
  });

  testProp([fc.stringMatching(/^(\+|00)?[\d ()\-.]{0,24}$/), fc.option(country, { nil: undefined })], {
    numRuns: 400,
  })('for phone-like strings, with or without a defaultCountry', (input, defaultCountry) => {
    normalizeOrInvalid(input, defaultCountry);
  });

  testProp(
    [fc.oneof(fc.double(), fc.integer(), fc.maxSafeNat(), fc.integer({ min: 1_000_000, max: 999_999_999_999_999 }))],
    {
      numRuns: 300,
    },
  )('for any number', (input) => {
    normalizeOrInvalid(input);
  });

  testProp([fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true })], {
    numRuns: 200,
  })('for any value', (input) => {
    normalizeOrInvalid(input);
  });

  testProp([fc.string({ maxLength: 80 }), fc.string({ maxLength: 4 })], { numRuns: 200 })(
    'for any defaultCountry string',
    (input, defaultCountry) => {
      normalizeOrInvalid(input, defaultCountry as CountryCode);
    },
  );
});

describe('normalizePhoneNumber results', () => {
  testProp(
    [
      fc.oneof(
        fc.stringMatching(/^\+?[1-9]\d{6,14}$/),
        example.map(({ phone }) => phone.number),
      ),
    ],
    {
      numRuns: 300,
    },
  )('are a fixed point: normalizing the output gives the output', (input) => {
    const result = normalizeOrInvalid(input);
    fc.pre(typeof result === 'string');

    expect(normalizePhoneNumber(result as string)).toBe(result);
    expect(normalizePhoneNumber(`+${result as string}`)).toBe(result);
  });

  testProp([fc.stringMatching(/^\+?\d{8,20}$/)], { numRuns: 300 })(
    'never put the full digits of a refused number in the error message',
    (input) => {
      const result = normalizeOrInvalid(input);
      fc.pre(result instanceof InvalidPhoneNumberError);

      expect((result as InvalidPhoneNumberError).message).not.toContain(input.replace('+', ''));
    },
  );
});

describe('one mobile number, many spellings', () => {
  it(`every region's example mobile number (${EXAMPLES.length} regions) normalizes to its E.164 digits in every format`, () => {
    const failures: string[] = [];
    for (const entry of EXAMPLES) {
      const expected = entry.phone.number.slice(1);
      for (const [format, normalize] of Object.entries(FORMATS)) {
        const outcome = (() => {
          try {
            return normalize(entry);
          } catch (error) {
            return String(error);
          }
        })();
        if (outcome !== expected) failures.push(`${entry.country} ${format}: ${outcome}`);
      }
    }

    expect(failures).toEqual([]);
  });

  testProp([example, fc.constantFrom(...Object.keys(FORMATS))], { numRuns: 300 })(
    'a random region in a random format gives the same digits',
    (entry, format) => {
      expect(FORMATS[format]?.(entry)).toBe(entry.phone.number.slice(1));
    },
  );

  testProp([example, fc.array(separator, { minLength: 15, maxLength: 15 }), fc.boolean()], { numRuns: 300 })(
    'separators anywhere between the digits do not change the result',
    ({ phone }, separators, withPlus) => {
      const digits = phone.number.slice(1);
      const input = `${withPlus ? '+' : '00'}${withSeparators(digits, separators)}`;

      expect(normalizePhoneNumber(input)).toBe(digits);
    },
  );
});
