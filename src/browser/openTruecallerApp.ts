/** Options of {@link openTruecallerApp}. */
export interface OpenTruecallerAppOptions {
  /** Milliseconds the page may keep focus before the app counts as missing. Default 1,000. */
  timeout?: number | undefined;
  /** Aborts the wait; the promise then rejects with the signal's reason and every listener is removed. */
  signal?: AbortSignal | undefined;
}

/**
 * Opens a `truecallersdk://` link (from `fetchMobileWebLink` or `client.createMobileWebLink`) and tells whether the
 * Truecaller app took over: `opened` as soon as the page loses focus or becomes hidden, `not-installed` when it
 * keeps focus for `timeout` ms. Without the app the link does nothing, so the page stays where it is; call it from
 * a click handler (browsers open app links only on a user gesture). Every listener and timer it adds is removed
 * before it settles. Truecaller's app is on Android only, so on other devices expect `not-installed`.
 *
 * @throws {TypeError} the link is not a `truecallersdk:` link (nothing is opened).
 * @throws the signal's reason when `signal` aborts.
 * @example
 * ```ts
 * button.onclick = async () => {
 *   const { url, requestId } = await fetchMobileWebLink('/truecaller/mobile-web-link')
 *   if ((await openTruecallerApp(url)) === 'not-installed') return showOtpForm()
 *   const result = await pollSignIn('/truecaller/status', { requestId })
 * }
 * ```
 */
export function openTruecallerApp(
  url: string,
  options: OpenTruecallerAppOptions = {},
): Promise<'opened' | 'not-installed'> {
  const { timeout = 1000, signal } = options;
  return new Promise((resolve, reject) => {
    if (typeof url !== 'string' || !/^truecallersdk:/i.test(url)) {
      throw new TypeError('openTruecallerApp: pass the truecallersdk:// link from the mobile-web link route.');
    }
    signal?.throwIfAborted();
    const hadFocus = document.hasFocus();
    const cleanup = () => {
      clearTimeout(timer);
      removeEventListener('blur', onLeave);
      removeEventListener('pagehide', onLeave);
      document.removeEventListener('visibilitychange', onVisibility);
      signal?.removeEventListener('abort', onAbort);
    };
    const settle = (result: 'opened' | 'not-installed') => {
      cleanup();
      resolve(result);
    };
    const fail = (error: unknown) => {
      cleanup();
      reject(error);
    };
    const onLeave = () => settle('opened');
    const onVisibility = () => document.hidden && settle('opened');
    const onAbort = () => fail(signal?.reason);
    // A focus event can be missed (the app's sheet may open before the listener runs): a page that had focus and
    // lost it by the deadline counts as opened too.
    const timer = setTimeout(() => settle(hadFocus && !document.hasFocus() ? 'opened' : 'not-installed'), timeout);
    addEventListener('blur', onLeave);
    addEventListener('pagehide', onLeave);
    document.addEventListener('visibilitychange', onVisibility);
    signal?.addEventListener('abort', onAbort);
    try {
      location.href = url;
    } catch (error) {
      fail(error);
    }
  });
}
