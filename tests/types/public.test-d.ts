import {
  type AuthorizationRequest,
  type AuthorizedCallback,
  type CountryCode,
  type DuplicateRequestError,
  type ForbiddenError,
  type InvalidCallbackError,
  type InvalidCredentialsError,
  type InvalidPhoneNumberError,
  type InvalidTokenError,
  type NetworkError,
  type PhoneNumberMismatchError,
  type RejectedCallback,
  type RequestAuthorizationParams,
  type RequestPendingError,
  type ServerError,
  type SignInStatus,
  type StateMismatchError,
  type TimeoutError,
  type TrackerError,
  type TruecallerCallback,
  TruecallerClient,
  type TruecallerClientOptions,
  type TruecallerError,
  type TruecallerErrorCode,
  type TruecallerProfile,
  type UnexpectedResponseError,
  type UnknownRequestError,
  type UntrustedEndpointError,
} from 'truecaller-web-login';
import { describe, expectTypeOf, test } from 'vitest';

describe('TruecallerCallback', () => {
  test('is a union of the two callbacks, discriminated on `type`', () => {
    expectTypeOf<TruecallerCallback>().toEqualTypeOf<AuthorizedCallback | RejectedCallback>();
    expectTypeOf<TruecallerCallback['type']>().toEqualTypeOf<'authorized' | 'rejected'>();
    expectTypeOf<AuthorizedCallback['type']>().toEqualTypeOf<'authorized'>();
    expectTypeOf<RejectedCallback['type']>().toEqualTypeOf<'rejected'>();
  });

  test('narrowing on `type` gives accessToken only to authorized callbacks', () => {
    const handle = (callback: TruecallerCallback) => {
      if (callback.type === 'authorized') {
        expectTypeOf(callback.accessToken).toEqualTypeOf<string>();
        expectTypeOf(callback.requestId).toEqualTypeOf<string>();
        expectTypeOf(callback.endpoint).toEqualTypeOf<string | undefined>();
        // @ts-expect-error a success callback has no rejection reason
        callback.reason;
      } else {
        expectTypeOf(callback.reason).toExtend<string>();
        // @ts-expect-error a rejection carries no token
        callback.accessToken;
      }
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<TruecallerCallback>();
  });

  test('the token is not reachable before narrowing', () => {
    const read = (callback: TruecallerCallback) =>
      // @ts-expect-error accessToken exists on one member only
      callback.accessToken;
    expectTypeOf(read).toBeFunction();
  });
});

describe('SignInStatus', () => {
  test('is discriminated on `status`', () => {
    expectTypeOf<SignInStatus['status']>().toEqualTypeOf<'pending' | 'completed' | 'rejected' | 'expired'>();
  });

  test('`completed` has the profile and the verified number, and never the access token', () => {
    const show = (result: SignInStatus) => {
      if (result.status === 'completed') {
        expectTypeOf(result.profile).toEqualTypeOf<TruecallerProfile>();
        expectTypeOf(result.phoneNumber).toEqualTypeOf<string>();
        expectTypeOf(result.state).toEqualTypeOf<string | undefined>();
        // @ts-expect-error the token never reaches the status route
        result.accessToken;
      } else {
        // @ts-expect-error only `completed` has a profile
        result.profile;
      }
    };
    expectTypeOf(show).toBeFunction();
  });

  test('no member of the union carries an access token', () => {
    type HasToken<T> = T extends { accessToken: unknown } ? true : false;
    expectTypeOf<HasToken<SignInStatus>>().toEqualTypeOf<false>();
  });

  test('`rejected` carries a reason', () => {
    expectTypeOf<Extract<SignInStatus, { status: 'rejected' }>['reason']>().toExtend<string>();
  });
});

describe('TruecallerClientOptions', () => {
  test('requires appKey; everything else is optional', () => {
    expectTypeOf<TruecallerClientOptions['appKey']>().toEqualTypeOf<string>();
    expectTypeOf<{ appKey: string }>().toExtend<TruecallerClientOptions>();
    // @ts-expect-error appKey is required
    new TruecallerClient({});
    // @ts-expect-error appKey is required even when other options are given
    new TruecallerClient({ timeout: 1_000 });
    // @ts-expect-error appKey is a string
    new TruecallerClient({ appKey: 123 });
  });

  test('types the other options', () => {
    new TruecallerClient({ appKey: 'k', tracker: false, retry: 0, timeout: 100, defaultCountry: 'SE' });
    // @ts-expect-error tracker: true is not an option (false turns it off; omit it for the default)
    new TruecallerClient({ appKey: 'k', tracker: true });
    // @ts-expect-error defaultCountry is an ISO country code
    new TruecallerClient({ appKey: 'k', defaultCountry: 'Sweden' });
    // Optional options also take an explicit undefined (meaning "the default"), so values read from config that
    // may be missing pass straight through, also under exactOptionalPropertyTypes.
    expectTypeOf<{ appKey: string; timeout: undefined; tracker: undefined }>().toExtend<TruecallerClientOptions>();
  });
});

describe('requestAuthorization', () => {
  test('takes a string or numeric phone number and optional state, country and signal', () => {
    expectTypeOf<RequestAuthorizationParams['phoneNumber']>().toEqualTypeOf<string | number>();
    expectTypeOf<RequestAuthorizationParams['state']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RequestAuthorizationParams['defaultCountry']>().toEqualTypeOf<CountryCode | undefined>();
    expectTypeOf<RequestAuthorizationParams['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf<TruecallerClient['requestAuthorization']>().parameters.toEqualTypeOf<[RequestAuthorizationParams]>();
  });

  test('resolves with the requestId, the normalized number and the optional state', () => {
    expectTypeOf<TruecallerClient['requestAuthorization']>().returns.toEqualTypeOf<Promise<AuthorizationRequest>>();
    expectTypeOf<AuthorizationRequest>().toEqualTypeOf<{ requestId: string; phoneNumber: string; state?: string }>();
  });

  test('refuses calls without a number or with a wrongly typed field', () => {
    const client = new TruecallerClient({ appKey: 'k' });
    // @ts-expect-error phoneNumber is required
    void client.requestAuthorization({ state: 's' });
    // @ts-expect-error state is a string
    void client.requestAuthorization({ phoneNumber: '+46761234567', state: 1 });
    // @ts-expect-error the number is not a bigint or an object
    void client.requestAuthorization({ phoneNumber: 46761234567n });
    // @ts-expect-error pass an object, not the bare number
    void client.requestAuthorization('+46761234567');
  });
});

describe('fetchProfile', () => {
  test('takes the token and resolves with a TruecallerProfile', () => {
    expectTypeOf<TruecallerClient['fetchProfile']>().parameter(0).toEqualTypeOf<string>();
    expectTypeOf<TruecallerClient['fetchProfile']>().returns.toEqualTypeOf<Promise<TruecallerProfile>>();
  });

  test("takes a parsed callback's optional endpoint as it is", () => {
    const callback = {} as AuthorizedCallback;
    const client = new TruecallerClient({ appKey: 'k' });
    // `endpoint` is `string | undefined` here; the README passes it straight through.
    expectTypeOf(client.fetchProfile).toBeCallableWith(callback.accessToken, { endpoint: callback.endpoint });
  });
});

describe('TruecallerProfile', () => {
  test('normalized field types', () => {
    expectTypeOf<TruecallerProfile['phoneNumbers']>().toEqualTypeOf<string[]>();
    expectTypeOf<TruecallerProfile['isActive']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<TruecallerProfile['createdTime']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TruecallerProfile['raw']>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<NonNullable<TruecallerProfile['name']>['first']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<TruecallerProfile['onlineIdentities']>['email']>().toEqualTypeOf<string | undefined>();
  });

  test('only phoneNumbers and raw are required', () => {
    const minimal: TruecallerProfile = { phoneNumbers: [], raw: {} };
    expectTypeOf(minimal).toEqualTypeOf<TruecallerProfile>();
    // @ts-expect-error phoneNumbers is always present
    const withoutNumbers: TruecallerProfile = { raw: {} };
    // @ts-expect-error isActive is a boolean, never Truecaller's "True"
    const stringly: TruecallerProfile = { phoneNumbers: [], raw: {}, isActive: 'True' };
    // @ts-expect-error phone numbers are digit strings, never JSON numbers
    const numeric: TruecallerProfile = { phoneNumbers: [46761234567], raw: {} };
    void [withoutNumbers, stringly, numeric];
  });

  test('the singular onlineIdentity of one sample is merged away', () => {
    // @ts-expect-error only onlineIdentities (plural) exists on the normalized profile
    const merged: TruecallerProfile = { phoneNumbers: [], raw: {}, onlineIdentity: {} };
    void merged;
  });
});

describe('errors', () => {
  test('each class has a literal `name`', () => {
    expectTypeOf<ForbiddenError['name']>().toEqualTypeOf<'ForbiddenError'>();
    expectTypeOf<InvalidCredentialsError['name']>().toEqualTypeOf<'InvalidCredentialsError'>();
    expectTypeOf<InvalidTokenError['name']>().toEqualTypeOf<'InvalidTokenError'>();
    expectTypeOf<ServerError['name']>().toEqualTypeOf<'ServerError'>();
    expectTypeOf<UnexpectedResponseError['name']>().toEqualTypeOf<'UnexpectedResponseError'>();
    expectTypeOf<NetworkError['name']>().toEqualTypeOf<'NetworkError'>();
    expectTypeOf<TimeoutError['name']>().toEqualTypeOf<'TimeoutError'>();
    expectTypeOf<InvalidPhoneNumberError['name']>().toEqualTypeOf<'InvalidPhoneNumberError'>();
    expectTypeOf<InvalidCallbackError['name']>().toEqualTypeOf<'InvalidCallbackError'>();
    expectTypeOf<UntrustedEndpointError['name']>().toEqualTypeOf<'UntrustedEndpointError'>();
    expectTypeOf<RequestPendingError['name']>().toEqualTypeOf<'RequestPendingError'>();
    expectTypeOf<UnknownRequestError['name']>().toEqualTypeOf<'UnknownRequestError'>();
    expectTypeOf<DuplicateRequestError['name']>().toEqualTypeOf<'DuplicateRequestError'>();
    expectTypeOf<StateMismatchError['name']>().toEqualTypeOf<'StateMismatchError'>();
    expectTypeOf<PhoneNumberMismatchError['name']>().toEqualTypeOf<'PhoneNumberMismatchError'>();
    expectTypeOf<TrackerError['name']>().toEqualTypeOf<'TrackerError'>();
  });

  test('every error is a TruecallerError; each class narrows `code` to its own literal', () => {
    expectTypeOf<TruecallerError['code']>().toEqualTypeOf<TruecallerErrorCode>();
    expectTypeOf<ForbiddenError>().toExtend<TruecallerError>();
    expectTypeOf<ServerError['code']>().toEqualTypeOf<'server_error'>();
    expectTypeOf<ForbiddenError['code']>().toEqualTypeOf<'forbidden'>();
    expectTypeOf<TrackerError['code']>().toEqualTypeOf<'tracker_error'>();
    expectTypeOf<TimeoutError>().toExtend<Error>();
    expectTypeOf<'forbidden'>().toExtend<TruecallerErrorCode>();
    // @ts-expect-error codes are a closed list
    const unknown: TruecallerErrorCode = 'teapot';
    void unknown;
  });

  test('the extra fields users branch on', () => {
    expectTypeOf<TruecallerError['status']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TruecallerError['apiCode']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RequestPendingError['retryAfterMs']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TimeoutError['timeoutMs']>().toEqualTypeOf<number>();
  });

  test('`name` narrows a caught error', () => {
    const branch = (error: ForbiddenError | InvalidCredentialsError) => {
      if (error.name === 'ForbiddenError') expectTypeOf(error).toEqualTypeOf<ForbiddenError>();
    };
    expectTypeOf(branch).toBeFunction();
  });
});
