import type { MobileWebLinkOptions, TruecallerClient } from 'truecaller-web-login';

/**
 * The options of the `truecallersdk://` link that the plugin's `mobileWeb` option holds: the SDK's
 * `MobileWebLinkOptions` without `state` (the plugin binds every sign-in to the browser's state cookie) and
 * `phoneNumber` (the page may send one).
 *
 * @example
 * ```ts
 * const mobileWeb: MobileWebLinkSettings = { partnerName: 'Acme', lang: 'en', ctaPrefix: 'continuewith' }
 * truecaller({ client, callbackSecret, tracker, mobileWeb })
 * ```
 */
export type MobileWebLinkSettings = Omit<MobileWebLinkOptions, 'state' | 'phoneNumber'>;

// TEMPORARY (until `TruecallerClient.cancelSignIn` lands; issue 7 §3, being added on another branch): the plugin
// calls it through this interface, so it compiles before it exists. At merge this becomes
// `Pick<TruecallerClient, 'requestAuthorization' | 'handleCallback' | 'completeSignIn' | 'cancelSignIn' |
// 'createMobileWebLink'>` and `asLifecycleClient` goes away.

/** The client methods the plugin uses: the SDK's public lifecycle. */
export type LifecycleClient = Pick<
  TruecallerClient,
  'requestAuthorization' | 'handleCallback' | 'completeSignIn' | 'createMobileWebLink'
> & {
  cancelSignIn(requestId: string, options: { state?: string | undefined }): Promise<unknown>;
};

/**
 * Views a `TruecallerClient` as the {@link LifecycleClient} the plugin calls. A client without `cancelSignIn` (an
 * SDK build from before it existed) fails when the cancel route is used, with a message.
 */
export function asLifecycleClient(client: TruecallerClient): LifecycleClient {
  const { cancelSignIn } = client as unknown as Partial<Pick<LifecycleClient, 'cancelSignIn'>>;
  return {
    requestAuthorization: (params) => client.requestAuthorization(params),
    handleCallback: (body) => client.handleCallback(body),
    completeSignIn: (requestId, options) => client.completeSignIn(requestId, options),
    createMobileWebLink: (options) => client.createMobileWebLink(options),
    cancelSignIn: async (requestId, options) => {
      if (typeof cancelSignIn !== 'function') {
        throw new TypeError(
          'truecaller plugin: this TruecallerClient has no `cancelSignIn`; update truecaller-web-login.',
        );
      }
      return cancelSignIn.call(client, requestId, options);
    },
  };
}
