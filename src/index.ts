// The public surface of `truecaller-web-login`, listed explicitly: nothing reaches users by accident.
// Kept internal on purpose: the HTTP transport (ky must never leak: its errors carry the appKey and token),
// the lifecycle steps (reachable through the client's methods), and the callback body decoder.

export type { CallbackBody, CallbackInput } from './callback/callbackInput.js';
export type { SafeParseCallbackResult } from './callback/parseCallback.js';
export { parseCallback, safeParseCallback } from './callback/parseCallback.js';
export type { ParseCallbackRequestOptions } from './callback/parseCallbackRequest.js';
export { parseCallbackRequest } from './callback/parseCallbackRequest.js';
export type {
  AuthorizedCallback,
  RejectedCallback,
  RejectionReason,
  TruecallerCallback,
} from './callback/schema.js';
export type { TruecallerEvent, TruecallerEventStep, TruecallerEventTiming } from './client/events.js';
export type { TruecallerClientOptions } from './client/options.js';
export { DEFAULT_PROFILE_URL, DEFAULT_REQUESTS_URL } from './client/options.js';
export type {
  AuthorizationRequest,
  CancelSignInOptions,
  CompleteSignInOptions,
  FetchProfileOptions,
  HandleCallbackOptions,
  RegisterRequestParams,
  RequestAuthorizationParams,
} from './client/TruecallerClient.js';
export { TruecallerClient } from './client/TruecallerClient.js';
export {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidTokenError,
  ServerError,
  UnexpectedResponseError,
} from './errors/apiErrors.js';
export type { CallbackIssue } from './errors/inputErrors.js';
export { InvalidCallbackError, InvalidPhoneNumberError, UntrustedEndpointError } from './errors/inputErrors.js';
export {
  DuplicateRequestError,
  PhoneNumberMismatchError,
  RequestPendingError,
  StateMismatchError,
  TrackerError,
  UnknownRequestError,
  type UnknownRequestReason,
} from './errors/lifecycleErrors.js';
export type { TruecallerErrorCode, TruecallerErrorOptions } from './errors/TruecallerError.js';
export { ERROR_CODES, isTruecallerError, TruecallerError } from './errors/TruecallerError.js';
export { NetworkError, TimeoutError } from './errors/transportErrors.js';
export { createRequestNonce } from './lifecycle/createRequestNonce.js';
export type { CallbackReceipt, CancelResult, SignInStatus } from './lifecycle/types.js';
export type { MobileWebLinkOptions } from './mobileweb/linkOptions.js';
export {
  MOBILE_WEB_BUTTON_SHAPES,
  MOBILE_WEB_CTA_PREFIXES,
  MOBILE_WEB_LANGUAGES,
  MOBILE_WEB_LOGIN_PREFIXES,
  MOBILE_WEB_LOGIN_SUFFIXES,
  MOBILE_WEB_SKIP_OPTIONS,
} from './mobileweb/linkValues.js';
export type { MobileWebLink } from './mobileweb/MobileWebLink.js';
export { maskPhoneNumber } from './phone/maskPhoneNumber.js';
export type { CountryCode } from './phone/normalizePhoneNumber.js';
export { normalizePhoneNumber } from './phone/normalizePhoneNumber.js';
export type {
  Gender,
  TruecallerAddress,
  TruecallerName,
  TruecallerOnlineIdentities,
  TruecallerProfile,
  TruecallerProfileFields,
} from './profile/TruecallerProfile.js';
export type { TrustedHost } from './profile/trustedEndpoint.js';
export { DEFAULT_TRUSTED_PROFILE_HOSTS } from './profile/trustedEndpoint.js';
export type { CompletedSignIn } from './routes/context.js';
export type { RouteHandler, TruecallerRoutes, TruecallerRoutesOptions } from './routes/createTruecallerRoutes.js';
export { createTruecallerRoutes } from './routes/createTruecallerRoutes.js';
export { errorResponse } from './routes/errorResponse.js';
export type { MobileWebLinkSettings } from './routes/handlers/mobileWebLink.js';
export type {
  CancelAnswer,
  ErrorAnswer,
  ErrorAnswerCode,
  MobileWebLinkAnswer,
  RejectionReasonAnswer,
  RouteErrorCode,
  StartAnswer,
  StatusAnswer,
} from './routes/wire.js';
export type { MemoryTrackerOptions } from './trackers/MemoryTracker.js';
export { MemoryTracker } from './trackers/MemoryTracker.js';
export type {
  ClaimResult,
  LockAttempt,
  ParkedCallback,
  ParkResult,
  PendingRequest,
  PendingRequestTracker,
  SettledRequest,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from './trackers/PendingRequestTracker.js';
export type { StoredRecordOf, StoredRecordSchema } from './trackers/schema.js';
export {
  checkStoredRecord,
  decodeStoredRecord,
  ParkedCallbackSchema,
  PendingRequestSchema,
  SignInOutcomeSchema,
  TrackedRequestSchema,
} from './trackers/schema.js';
