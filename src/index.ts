// The public surface of `truecaller-web-login`, listed explicitly: nothing reaches users by accident.
// Kept internal on purpose: the HTTP transport (ky must never leak: its errors carry the appKey and token),
// the lifecycle steps (reachable through the client's methods), and the callback body decoder.

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
} from './errors/lifecycleErrors.js';
export type { TruecallerErrorCode, TruecallerErrorOptions } from './errors/TruecallerError.js';
export { isTruecallerError, TruecallerError } from './errors/TruecallerError.js';
export { NetworkError, TimeoutError } from './errors/transportErrors.js';
export { createRequestNonce } from './lifecycle/createRequestNonce.js';
export type { CallbackReceipt, CancelResult, SignInStatus } from './lifecycle/types.js';
export { maskPhoneNumber } from './phone/maskPhoneNumber.js';
export type { CountryCode } from './phone/normalizePhoneNumber.js';
export { normalizePhoneNumber } from './phone/normalizePhoneNumber.js';
export type { Gender, TruecallerProfile } from './profile/schema.js';
export type { TrustedHost } from './profile/trustedEndpoint.js';
export { DEFAULT_TRUSTED_PROFILE_HOSTS } from './profile/trustedEndpoint.js';
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
