import type { RequestHandler } from 'msw';
import type { setupServer } from 'msw/node';
import type { TruecallerClientOptions } from 'truecaller-web-login';
import {
  checkIntegration,
  type IntegrationReport,
  type IntegrationScenario,
  type PhoneAnswer,
  type SimulatedDecision,
  type SimulatedUser,
  type SimulatedUsers,
  type TruecallerSimulator,
} from 'truecaller-web-login/simulator';
import { describe, expectTypeOf, test } from 'vitest';

describe('the simulator plugs into the client and msw', () => {
  test('`simulator.fetch` is a client `fetch`', () => {
    expectTypeOf<TruecallerSimulator['fetch']>().toExtend<NonNullable<TruecallerClientOptions['fetch']>>();
  });

  test('`simulator.handlers` can be spread into setupServer', () => {
    expectTypeOf<TruecallerSimulator['handlers']>().toExtend<RequestHandler[]>();
    expectTypeOf<TruecallerSimulator['handlers']>().toExtend<Parameters<typeof setupServer>>();
  });
});

describe('users and decisions', () => {
  test('a decision is one of the four; decide() takes the three answers', () => {
    expectTypeOf<SimulatedDecision>().toEqualTypeOf<'approve' | 'user_rejected' | 'use_another_number' | 'ignore'>();
    expectTypeOf<PhoneAnswer>().toEqualTypeOf<'approve' | 'user_rejected' | 'use_another_number'>();
    expectTypeOf<TruecallerSimulator['decide']>().parameter(1).toEqualTypeOf<PhoneAnswer>();
  });

  test('users are a list or a function of the number', () => {
    expectTypeOf<SimulatedUser[]>().toExtend<SimulatedUsers>();
    expectTypeOf<(phoneNumber: string) => { decision: 'ignore' } | undefined>().toExtend<SimulatedUsers>();
    // @ts-expect-error: a user needs a phone number
    const nameless: SimulatedUser = { decision: 'approve' };
    // @ts-expect-error: 'maybe' is not a decision
    const undecided: SimulatedUser = { phoneNumber: '46761234567', decision: 'maybe' };
    void nameless;
    void undecided;
  });
});

describe('checkIntegration', () => {
  test('resolves with a report naming the scenarios', () => {
    expectTypeOf(checkIntegration).returns.resolves.toEqualTypeOf<IntegrationReport>();
    expectTypeOf<IntegrationReport['failed'][number]>().toEqualTypeOf<IntegrationScenario>();
    expectTypeOf<'approve'>().toExtend<IntegrationScenario>();
    expectTypeOf<'nonsense'>().not.toExtend<IntegrationScenario>();
  });
});
