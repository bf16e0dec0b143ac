// The public surface of `truecaller-web-login/better-auth`: the server plugin, its options and its error codes.
// Kept internal: the endpoints (reach them through `auth.api` and the routes), the state cookie, the user lookup.

// The same link settings as `createTruecallerRoutes`' (one type, from the root entry).
export type { MobileWebLinkSettings } from 'truecaller-web-login';
export { TRUECALLER_ERROR_CODES, type TruecallerErrorCodeKey } from './errorCodes.js';
export type { TruecallerPluginOptions, TruecallerSignUpOptions } from './options.js';
export { truecaller } from './plugin.js';
