// Programming mistakes in a call are TypeErrors that name the argument, thrown before anything is sent or stored.
import { TruecallerClient } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { APP_KEY, rejectionOf } from '../support/client.js';

/** A fetch that fails the test if the SDK ever calls it. */
const fetchNever: typeof fetch = async () => {
  throw new Error('nothing should have been sent');
};

const client = () => new TruecallerClient({ appKey: APP_KEY, fetch: fetchNever });

describe('requestAuthorization', () => {
  test.each([null, undefined, 'a string'])('without a params object (%j) -> TypeError', async (params) => {
    const error = await rejectionOf(client().requestAuthorization(params as never));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('phoneNumber');
  });

  test.each([
    ['a number', 42],
    ['over 1,024 characters', 's'.repeat(1025)],
  ])('with a state that is %s -> TypeError naming `state`, nothing sent', async (_label, state) => {
    const error = await rejectionOf(
      client().requestAuthorization({ phoneNumber: '+46761234567', state: state as never }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`state`');
  });

  test('with a signal that is not an AbortSignal -> TypeError naming `signal`, nothing sent', async () => {
    const error = await rejectionOf(
      client().requestAuthorization({ phoneNumber: '+46761234567', signal: { aborted: false } as never }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`signal`');
  });
});

describe('completeSignIn', () => {
  test.each([
    ['empty', ''],
    ['not a string', 42],
    ['null', null],
  ])('with a requestId that is %s -> TypeError naming `requestId`', async (_label, requestId) => {
    const error = await rejectionOf(client().completeSignIn(requestId as never));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`requestId`');
  });

  test('with a requestId longer than any issued one -> expired, without asking the store', async () => {
    const result = await client().completeSignIn('r'.repeat(2049));

    expect(result).toEqual({ status: 'expired' });
  });

  test('with a state that is not a string -> TypeError naming `state`', async () => {
    const error = await rejectionOf(client().completeSignIn('request-1', { state: 7 as never }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('`state`');
  });
});
