import { type CallbackInput, readCallbackInput } from '../callback/callbackInput.js';
import { resolveCallbackReadOptions } from '../callback/parseCallbackRequest.js';
import type { TruecallerCallback } from '../callback/schema.js';
import type { ResolvedOptions } from '../client/options.js';
import type {
  AuthorizationRequest,
  CancelSignInOptions,
  CompleteSignInOptions,
  HandleCallbackOptions,
  RegisterRequestParams,
  RequestAuthorizationParams,
} from '../client/TruecallerClient.js';
import type { TruecallerApi } from '../client/truecallerApi.js';
import { assertOptionalString, assertOptions, assertString, optionKeys } from '../internal/assert.js';
import { MAX_ID_LENGTH, MAX_STATE_LENGTH } from '../internal/limits.js';
import { buildMobileWebLink } from '../mobileweb/buildMobileWebLink.js';
import { checkMobileWebLinkOptions, type MobileWebLinkOptions } from '../mobileweb/linkOptions.js';
import type { MobileWebLink } from '../mobileweb/MobileWebLink.js';
import { normalizePhoneNumber } from '../phone/normalizePhoneNumber.js';
import { cancelPendingSignIn } from './cancelSignIn.js';
import { completePendingSignIn } from './completeSignIn.js';
import type { LifecycleConfig } from './config.js';
import { createRequestNonce } from './createRequestNonce.js';
import { handleParsedCallback } from './handleCallback.js';
import { registerSignIn } from './registerSignIn.js';
import { startSignIn } from './startSignIn.js';
import type { CallbackReceipt, CancelResult, SignInStatus } from './types.js';

/**
 * Every step of a sign-in, as the client's methods of the same names offer them: each takes the caller's
 * arguments unchecked, checks them (a `TypeError` naming the method and the option) and runs the step. The
 * client is a thin front over this table. The event layer (`observeSteps`) replaces entries with reporting
 * ones; `createMobileWebLink` records its nonce through the table's `registerRequest`, so a link's
 * registration is the same step, reported the same way, as a page's own `registerRequest`.
 *
 * @internal
 */
export interface SignInSteps {
  requestAuthorization(params: RequestAuthorizationParams): Promise<AuthorizationRequest>;
  registerRequest(params: RegisterRequestParams): Promise<void>;
  createMobileWebLink(options: MobileWebLinkOptions): Promise<MobileWebLink>;
  /** The callback step's first half: reads the input into a validated callback (`handleCallback`'s checks). */
  readCallback(body: CallbackInput, options: HandleCallbackOptions): Promise<TruecallerCallback>;
  /** The callback step's second half: binds a read callback to its pending request. */
  settleCallback(callback: TruecallerCallback): Promise<CallbackReceipt>;
  handleCallback(body: CallbackInput, options: HandleCallbackOptions): Promise<CallbackReceipt>;
  completeSignIn(requestId: string, options: CompleteSignInOptions): Promise<SignInStatus>;
  cancelSignIn(requestId: string, options: CancelSignInOptions): Promise<CancelResult>;
}

/**
 * The steps of one client, over its options and its two Truecaller calls.
 *
 * @internal
 */
export function createSignInSteps(options: ResolvedOptions, api: TruecallerApi): SignInSteps {
  const { appKey, defaultCountry, pendingTtl } = options;
  const config = (method: string): LifecycleConfig => {
    const { tracker } = options;
    if (tracker === undefined) {
      throw new TypeError(`${method} needs a tracker; this client was created with \`tracker: false\`.`);
    }
    return { ...options, tracker };
  };
  /** A requestId the status and cancel steps look up; `undefined` when it is longer than any ever issued. */
  const lookup = (method: string, requestId: unknown): string | undefined =>
    assertString(method, 'requestId', requestId, { minLength: 1, maxLength: Number.MAX_SAFE_INTEGER }).length >
    MAX_ID_LENGTH
      ? undefined
      : (requestId as string);

  const steps: SignInSteps = {
    async requestAuthorization(params) {
      const method = 'requestAuthorization';
      assertOptions(method, params, REQUEST_AUTHORIZATION_KEYS, { example: '{ phoneNumber, state? }' });
      const phoneNumber = normalizePhoneNumber(params.phoneNumber, params.defaultCountry ?? defaultCountry);
      const state = checkState(method, params.state);
      const post = () => api.requestAuthorization(phoneNumber, state, params.signal);
      const requestId =
        options.tracker === undefined
          ? await post()
          : (await startSignIn(config(method), { phoneNumber, state }, post)).requestId;
      return { requestId, phoneNumber, ...withState(state) };
    },

    async registerRequest(params) {
      const method = 'registerRequest';
      const lifecycle = config(method);
      assertOptions(method, params, REGISTER_REQUEST_KEYS, { example: '{ requestId, state? }' });
      assertString(method, 'requestId', params.requestId, { minLength: 8, maxLength: 64 });
      const state = checkState(method, params.state);
      const phoneNumber =
        params.phoneNumber === undefined
          ? undefined
          : normalizePhoneNumber(params.phoneNumber, params.defaultCountry ?? defaultCountry);
      await registerSignIn(lifecycle, {
        requestId: params.requestId,
        flow: 'mobile-web',
        ...(phoneNumber === undefined ? {} : { phoneNumber }),
        ...withState(state),
      });
    },

    // Checks the options, draws a nonce from the platform CSPRNG, registers it (so the same callback and status
    // steps finish it), and only then builds the link: a link is never handed out for an unrecorded sign-in.
    async createMobileWebLink(linkOptions) {
      const checked = checkMobileWebLinkOptions(linkOptions, pendingTtl);
      const requestId = createRequestNonce();
      const { state, phoneNumber } = checked;
      await steps.registerRequest({
        requestId,
        ...withState(state),
        ...(phoneNumber === undefined ? {} : { phoneNumber }),
      });
      return { url: buildMobileWebLink(appKey, requestId, checked), requestId };
    },

    async readCallback(body, readOptions) {
      config('handleCallback');
      const read = resolveCallbackReadOptions('handleCallback', readOptions, HANDLE_CALLBACK_KEYS);
      read.signal?.throwIfAborted();
      const callback = await readCallbackInput(body, read);
      read.signal?.throwIfAborted();
      return callback;
    },

    settleCallback: async (callback) => handleParsedCallback(config('handleCallback'), callback),

    handleCallback: async (body, readOptions) => steps.settleCallback(await steps.readCallback(body, readOptions)),

    async completeSignIn(requestId, statusOptions) {
      const method = 'completeSignIn';
      const { tracker } = config(method);
      const id = lookup(method, requestId);
      assertOptions(method, statusOptions, COMPLETE_SIGN_IN_KEYS);
      // Longer than any requestId ever issued: nothing to look up.
      if (id === undefined) return { status: 'expired' };
      const state = checkState(method, statusOptions.state);
      return completePendingSignIn(tracker, api.fetchProfile, id, state, statusOptions.signal);
    },

    async cancelSignIn(requestId, cancelOptions) {
      const method = 'cancelSignIn';
      const { tracker } = config(method);
      const id = lookup(method, requestId);
      assertOptions(method, cancelOptions, CANCEL_SIGN_IN_KEYS);
      // Longer than any requestId ever issued: nothing to cancel.
      if (id === undefined) return { status: 'expired' };
      return cancelPendingSignIn(tracker, id, checkState(method, cancelOptions.state));
    },
  };
  return steps;
}

function checkState(method: string, state: unknown): string | undefined {
  return assertOptionalString(method, 'state', state, { maxLength: MAX_STATE_LENGTH });
}

function withState(state: string | undefined): { state?: string } {
  return state === undefined ? {} : { state };
}

// The keys of every options object the steps take; anything else is refused with the closest one.
const REQUEST_AUTHORIZATION_KEYS = optionKeys<RequestAuthorizationParams>()([
  'phoneNumber',
  'state',
  'defaultCountry',
  'signal',
]);
const REGISTER_REQUEST_KEYS = optionKeys<RegisterRequestParams>()([
  'requestId',
  'state',
  'phoneNumber',
  'defaultCountry',
]);
const HANDLE_CALLBACK_KEYS = optionKeys<HandleCallbackOptions>()(['timeout', 'signal']);
const COMPLETE_SIGN_IN_KEYS = optionKeys<CompleteSignInOptions>()(['state', 'signal']);
const CANCEL_SIGN_IN_KEYS = optionKeys<CancelSignInOptions>()(['state']);
