// The public surface of `truecaller-web-login/better-auth/client`: the client plugin and the types of its actions.
// Browser code: it imports no Better Auth runtime, only the `/browser` helpers and the plugin's error codes.

export { TRUECALLER_ERROR_CODES, type TruecallerErrorCodeKey } from '../errorCodes.js';
export type { TruecallerSignInError, TruecallerSignInResponse, TruecallerSignInResult } from './results.js';
export type {
  TruecallerMobileWebSignInParams,
  TruecallerPollOptions,
  TruecallerSignInParams,
} from './signInActions.js';
export { type TruecallerClientPlugin, type TruecallerSignInActions, truecallerClient } from './truecallerClient.js';
