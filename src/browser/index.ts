// The public surface of `truecaller-web-login/browser`: the page's half of a sign-in. No dependencies and no
// Node APIs (fetch, AbortSignal, timers and DOM events only), ESM only, checked to stay within 2 kB min+gzip.
// The answer types are the server routes' own (`src/routes/wire.ts`), so both sides share one definition.

export type {
  CancelAnswer,
  ErrorAnswer,
  MobileWebLinkAnswer,
  RejectionReasonAnswer,
  StartAnswer,
  StatusAnswer,
} from '../routes/wire.js';
export type { CancelSignInOptions } from './cancelSignIn.js';
export { cancelSignIn } from './cancelSignIn.js';
export { isTruecallerRouteError, TruecallerRouteError } from './errors.js';
export type { FetchMobileWebLinkOptions } from './fetchMobileWebLink.js';
export { fetchMobileWebLink } from './fetchMobileWebLink.js';
export type { OpenTruecallerAppOptions } from './openTruecallerApp.js';
export { openTruecallerApp } from './openTruecallerApp.js';
export type { PollResult, PollSignInOptions } from './pollSignIn.js';
export { pollSignIn } from './pollSignIn.js';
export type { RouteCallOptions } from './send.js';
export type { StartSignInOptions } from './startSignIn.js';
export { startSignIn } from './startSignIn.js';
