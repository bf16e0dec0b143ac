import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ProfileSchema } from '../../src/profile/schema.js';
import {
  MOBILE_WEB_PROFILE,
  MOBILE_WEB_PROFILE_JSON,
  NORMALIZED_MOBILE_WEB_PROFILE,
  NORMALIZED_WEB_LOGIN_PROFILE,
  WEB_LOGIN_PROFILE,
  WEB_LOGIN_PROFILE_JSON,
} from '../fixtures/payloads.js';

function parseProfile(json: unknown) {
  return v.parse(ProfileSchema, json);
}

describe('ProfileSchema: the published samples', () => {
  it('normalizes the web-login sample', () => {
    const profile = parseProfile(JSON.parse(WEB_LOGIN_PROFILE_JSON));

    expect(profile).toStrictEqual(NORMALIZED_WEB_LOGIN_PROFILE);
  });

  it('normalizes the mobile-web sample', () => {
    const profile = parseProfile(JSON.parse(MOBILE_WEB_PROFILE_JSON));

    expect(profile).toStrictEqual(NORMALIZED_MOBILE_WEB_PROFILE);
  });

  it('gives the same result for the frozen fixture objects as for their JSON', () => {
    expect(parseProfile(WEB_LOGIN_PROFILE)).toStrictEqual(parseProfile(JSON.parse(WEB_LOGIN_PROFILE_JSON)));
    expect(parseProfile(MOBILE_WEB_PROFILE)).toStrictEqual(parseProfile(JSON.parse(MOBILE_WEB_PROFILE_JSON)));
  });

  it('drops fields it does not know, such as history', () => {
    const profile = parseProfile(MOBILE_WEB_PROFILE);

    expect(profile).not.toHaveProperty('history');
  });
});

describe('ProfileSchema: phone numbers', () => {
  it('turns JSON numbers into digit strings', () => {
    expect(parseProfile({ phoneNumbers: [467601234567, 919999999999] }).phoneNumbers).toEqual([
      '467601234567',
      '919999999999',
    ]);
  });

  it('keeps digit strings and strips formatting from them', () => {
    const profile = parseProfile({ phoneNumbers: ['919999999999', '+91 99999-99999', '+46 (76) 123.45.67'] });

    expect(profile.phoneNumbers).toEqual(['919999999999', '919999999999', '46761234567']);
  });

  it('drops entries that are not phone numbers, keeping the rest', () => {
    const profile = parseProfile({
      phoneNumbers: [-5, 1.5, 0, Number.MAX_SAFE_INTEGER + 2, 'abc', '', '12', null, {}, ['1'], true, '467601234567'],
    });

    expect(profile.phoneNumbers).toEqual(['467601234567']);
  });

  it.each([
    ['absent', {}],
    ['a string', { phoneNumbers: '467601234567' }],
    ['a number', { phoneNumbers: 467601234567 }],
    ['null', { phoneNumbers: null }],
    ['an object', { phoneNumbers: { 0: '467601234567' } }],
  ])('is an empty list when phoneNumbers is %s', (_label, body) => {
    expect(parseProfile(body).phoneNumbers).toEqual([]);
  });
});

describe('ProfileSchema: online identities', () => {
  it('reads onlineIdentity (singular) into onlineIdentities', () => {
    const profile = parseProfile({ onlineIdentity: { email: 'a@example.invalid' } });

    expect(profile.onlineIdentities).toStrictEqual({ email: 'a@example.invalid' });
    expect(profile).not.toHaveProperty('onlineIdentity');
  });

  it('merges onlineIdentity and onlineIdentities', () => {
    const profile = parseProfile({
      onlineIdentity: { twitterId: 'tw', facebookId: 'fb' },
      onlineIdentities: { email: 'a@example.invalid', url: 'https://example.invalid' },
    });

    expect(profile.onlineIdentities).toStrictEqual({
      twitterId: 'tw',
      facebookId: 'fb',
      email: 'a@example.invalid',
      url: 'https://example.invalid',
    });
  });

  it('turns a numeric facebookId into a string', () => {
    const profile = parseProfile({ onlineIdentities: { facebookId: 105056625245 } });

    expect(profile.onlineIdentities).toStrictEqual({ facebookId: '105056625245' });
  });

  it('drops identity members of the wrong type and leaves them absent', () => {
    const profile = parseProfile({ onlineIdentities: { email: { value: 'x' }, url: null, twitterId: 'tw' } });

    expect(profile.onlineIdentities).toStrictEqual({ twitterId: 'tw' });
  });

  it('has no onlineIdentities when neither field is sent', () => {
    expect(parseProfile({ phoneNumbers: [] })).not.toHaveProperty('onlineIdentities');
  });

  it('has no onlineIdentities when both fields are of the wrong type', () => {
    expect(parseProfile({ onlineIdentity: 'x', onlineIdentities: 5 })).not.toHaveProperty('onlineIdentities');
  });
});

describe('ProfileSchema: isActive and createdTime', () => {
  it.each([
    ['True', true],
    ['true', true],
    [true, true],
    ['False', false],
    ['false', false],
    [false, false],
  ])('reads isActive %j as %j', (input, expected) => {
    expect(parseProfile({ isActive: input }).isActive).toBe(expected);
  });

  it.each([['yes'], [1], [0], ['TRUE'], [null], [{}]])('drops isActive %j', (input) => {
    expect(parseProfile({ isActive: input })).not.toHaveProperty('isActive');
  });

  it('reads createdTime sent as a string of digits as a number', () => {
    expect(parseProfile({ createdTime: '1379314068000' }).createdTime).toBe(1379314068000);
  });

  it('reads createdTime sent as a number', () => {
    expect(parseProfile({ createdTime: 1379314068000 }).createdTime).toBe(1379314068000);
  });

  it.each([['yesterday'], ['1379314068000.5'], [1.5], [''], [null], [{}], ['9999999999999999']])(
    'drops createdTime %j',
    (input) => {
      expect(parseProfile({ createdTime: input })).not.toHaveProperty('createdTime');
    },
  );
});

describe('ProfileSchema: the other fields', () => {
  it.each(['Male', 'Female', 'NotSet', 'SomethingNew'])('passes gender %s through', (gender) => {
    expect(parseProfile({ gender }).gender).toBe(gender);
  });

  it('keeps the string badges and drops the others', () => {
    expect(parseProfile({ badges: ['verified', 1, null, 'premium', {}] }).badges).toEqual(['verified', 'premium']);
  });

  it('keeps an empty badge list', () => {
    expect(parseProfile({ badges: [] }).badges).toEqual([]);
  });

  it('keeps well-formed addresses and drops entries that are not objects', () => {
    const profile = parseProfile({ addresses: [{ city: 'Bangalore' }, 'Street 1', null, 42, { countryCode: 'se' }] });

    expect(profile.addresses).toStrictEqual([{ city: 'Bangalore' }, { countryCode: 'se' }]);
  });

  it('drops address members of the wrong type and turns a numeric zipcode into a string', () => {
    const profile = parseProfile({ addresses: [{ city: ['x'], street: 'Street', zipcode: 1234567, extra: 'x' }] });

    expect(profile.addresses).toStrictEqual([{ street: 'Street', zipcode: '1234567' }]);
  });

  it('leaves an absent half of the name absent', () => {
    expect(parseProfile({ name: { first: 'Rajat' } }).name).toStrictEqual({ first: 'Rajat' });
  });

  it('drops a name member of the wrong type', () => {
    expect(parseProfile({ name: { first: 'Rajat', last: { value: 'Kapoor' } } }).name).toStrictEqual({
      first: 'Rajat',
    });
  });

  it('turns numeric ids into strings', () => {
    const profile = parseProfile({ id: 655574719, userId: 1319413476 });

    expect(profile).toMatchObject({ id: '655574719', userId: '1319413476' });
  });
});

describe('ProfileSchema: missing and wrongly typed fields', () => {
  it('gives only an empty phone number list for an empty object', () => {
    expect(parseProfile({})).toStrictEqual({ phoneNumbers: [] });
  });

  it('drops every field of the wrong type instead of failing', () => {
    const profile = parseProfile({
      phoneNumbers: 'x',
      name: 'Rajat Kapoor',
      onlineIdentity: 5,
      onlineIdentities: 'x',
      addresses: { city: 'x' },
      aboutMe: { text: 'x' },
      companyName: ['ABC'],
      jobTitle: true,
      gender: null,
      avatarUrl: {},
      badges: 'verified',
      isActive: 'maybe',
      createdTime: {},
      id: [],
      userId: false,
      type: null,
    });

    expect(profile).toStrictEqual({ phoneNumbers: [] });
  });

  // valibot's v.object alone accepts arrays; an array where an object belongs must be dropped, not become {}.
  it('drops object fields sent as arrays: name, onlineIdentities and address entries', () => {
    const profile = parseProfile({
      name: ['Rajat', 'Kapoor'],
      onlineIdentities: ['rajat@example.invalid'],
      addresses: [['Bangalore']],
    });

    expect(profile).toStrictEqual({ phoneNumbers: [], addresses: [] });
  });

  it('keeps the good fields next to bad ones', () => {
    const profile = parseProfile({ phoneNumbers: ['919999999999'], aboutMe: {}, jobTitle: 'CEO', gender: 7 });

    expect(profile).toStrictEqual({ phoneNumbers: ['919999999999'], jobTitle: 'CEO', gender: '7' });
  });

  it('has no keys for absent fields, not keys set to undefined', () => {
    const profile = parseProfile({ phoneNumbers: ['919999999999'], name: { first: 'Rajat' } });

    expect(Object.keys(profile).sort()).toEqual(['name', 'phoneNumbers']);
    expect(Object.keys(profile.name ?? {})).toEqual(['first']);
  });

  it('drops JSON null fields', () => {
    expect(parseProfile({ aboutMe: null, name: null, addresses: null })).toStrictEqual({ phoneNumbers: [] });
  });

  // The schema alone does not refuse a top-level JSON array (valibot's v.object accepts arrays);
  // TruecallerClient.fetchProfile refuses one before it gets here.
  it.each([
    ['null', null],
    ['a string', WEB_LOGIN_PROFILE_JSON],
    ['a number', 1],
  ])('refuses a body that is %s', (_label, body) => {
    expect(v.safeParse(ProfileSchema, body).success).toBe(false);
  });
});
