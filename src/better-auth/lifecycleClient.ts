import type {
  AuthorizationRequest,
  CompleteSignInOptions,
  RequestAuthorizationParams,
  SignInStatus,
  TruecallerClient,
} from 'truecaller-web-login';

// TEMPORARY (until branches `routes` and `browser` are merged): `cancelSignIn` and `createMobileWebLink` are being
// added to `TruecallerClient` there. The plugin calls them through this minimal interface, written from
// issues 7 and 8, so it compiles before they land; at merge this file shrinks to `Pick<TruecallerClient, …>`.

/** Options of `createMobileWebLink` that the plugin passes through from its `mobileWeb` option (issue 8 §2). */
export interface MobileWebLinkOptions {
  /** Your app's name as the bottom sheet shows it. Required. */
  partnerName: string;
  lang?: string | undefined;
  privacyUrl?: string | undefined;
  termsUrl?: string | undefined;
  loginPrefix?: string | undefined;
  loginSuffix?: string | undefined;
  ctaPrefix?: string | undefined;
  ctaColor?: string | undefined;
  ctaTextColor?: string | undefined;
  btnShape?: string | undefined;
  skipOption?: string | undefined;
  /** How long the link's sign-in stays pending, in ms. */
  ttl?: number | undefined;
}

/** The client methods the plugin uses: the SDK's public lifecycle. */
export interface LifecycleClient {
  requestAuthorization(params: RequestAuthorizationParams): Promise<AuthorizationRequest>;
  handleCallback(body: Request): Promise<unknown>;
  completeSignIn(requestId: string, options?: CompleteSignInOptions): Promise<SignInStatus>;
  cancelSignIn(requestId: string, options: { state?: string | undefined }): Promise<unknown>;
  createMobileWebLink(
    options: MobileWebLinkOptions & { state?: string | undefined; phoneNumber?: string | undefined },
  ): Promise<{ url: string; requestId: string }>;
}

/**
 * Views a `TruecallerClient` as the {@link LifecycleClient} the plugin calls. A client without `cancelSignIn` or
 * `createMobileWebLink` (an SDK build from before they existed) fails when the route is used, with a message.
 */
export function asLifecycleClient(client: TruecallerClient): LifecycleClient {
  const methods = client as unknown as Partial<LifecycleClient>;
  return {
    requestAuthorization: (params) => client.requestAuthorization(params),
    handleCallback: (body) => client.handleCallback(body),
    completeSignIn: (requestId, options) => client.completeSignIn(requestId, options),
    cancelSignIn: (requestId, options) => {
      if (typeof methods.cancelSignIn !== 'function') throw missing('cancelSignIn');
      return methods.cancelSignIn.call(client, requestId, options);
    },
    createMobileWebLink: (options) => {
      if (typeof methods.createMobileWebLink !== 'function') throw missing('createMobileWebLink');
      return methods.createMobileWebLink.call(client, options);
    },
  };
}

function missing(method: string): TypeError {
  return new TypeError(`truecaller plugin: this TruecallerClient has no \`${method}\`; update truecaller-web-login.`);
}
