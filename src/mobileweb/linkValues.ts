// The values Truecaller's mobile-web deep link accepts for its customisation parameters. Sources:
// - `lang`: Truecaller's "Mobile Websites > Initialisation" page (12 locales); Razorpay's checkout lists the same 12.
// - the others: the same page's tables, which mirror the Android SDK's `TruecallerSdkScope` options one for one
//   (16 login-text prefixes, 6 suffixes, 3 button-text prefixes, 2 button shapes, 4 footer options). Values seen in
//   production links: `getdetails`, `proceed`, `continue`; `verifymobile`, `signin`; `continuewith`, `proceedwith`;
//   `round`, `rect`; `useanothernum`, `useanothermethod`, `manualdetails`.
// Truecaller shows its default (English, "Use", rounded, no footer option) for values it does not know, so a typo
// fails silently there: that is why these are checked here.

/**
 * Languages of Truecaller's consent sheet (`lang`): English, Hindi, Marathi, Telugu, Malayalam, Urdu, Punjabi,
 * Tamil, Bengali, Kannada, Swahili, Arabic.
 *
 * @example
 * ```ts
 * const lang = MOBILE_WEB_LANGUAGES.includes(userLang) ? userLang : 'en'
 * ```
 */
export const MOBILE_WEB_LANGUAGES = ['en', 'hi', 'mr', 'te', 'ml', 'ur', 'pa', 'ta', 'bn', 'kn', 'sw', 'ar'] as const;

/**
 * The sheet's title prefix (`loginPrefix`): "To get started", "To continue", "To place order", "To complete your
 * order", "To checkout", "To complete your booking", "To proceed with your booking", "To continue with your
 * booking", "To get details", "To view more", "To continue reading", "To proceed", "For new updates", "To get
 * updates", "To subscribe", "To subscribe and get updates".
 *
 * @example
 * ```ts
 * client.createMobileWebLink({ partnerName: 'Acme', loginPrefix: MOBILE_WEB_LOGIN_PREFIXES[4] }) // 'checkout'
 * ```
 */
export const MOBILE_WEB_LOGIN_PREFIXES = [
  'getstarted',
  'continue',
  'placeorder',
  'completeorder',
  'checkout',
  'completebooking',
  'proceedwithbooking',
  'continuewithbooking',
  'getdetails',
  'viewmore',
  'continuereading',
  'proceed',
  'fornewupdates',
  'getupdates',
  'subscribeto',
  'subscribeandgetupdates',
] as const;

/**
 * The sheet's title suffix (`loginSuffix`): "please login", "please signup", "please login/signup", "please
 * register", "please sign in", "please verify mobile no".
 *
 * @example
 * ```ts
 * client.createMobileWebLink({ partnerName: 'Acme', loginSuffix: 'verifymobile' })
 * ```
 */
export const MOBILE_WEB_LOGIN_SUFFIXES = [
  'login',
  'signup',
  'loginsignup',
  'register',
  'signin',
  'verifymobile',
] as const;

/**
 * The button text's prefix before "Truecaller"'s profile name (`ctaPrefix`): "Use", "Continue with", "Proceed with".
 *
 * @example
 * ```ts
 * client.createMobileWebLink({ partnerName: 'Acme', ctaPrefix: 'continuewith' })
 * ```
 */
export const MOBILE_WEB_CTA_PREFIXES = ['use', 'continuewith', 'proceedwith'] as const;

/**
 * The button's shape (`btnShape`): rounded corners or a plain rectangle.
 *
 * @example
 * ```ts
 * client.createMobileWebLink({ partnerName: 'Acme', btnShape: 'rect' })
 * ```
 */
export const MOBILE_WEB_BUTTON_SHAPES = ['round', 'rect'] as const;

/**
 * The sheet's secondary footer button (`skipOption`): "Use another number", "Use another method", "Enter details
 * manually", "Later". Without it the sheet has no way out but dismissing it.
 *
 * @example
 * ```ts
 * client.createMobileWebLink({ partnerName: 'Acme', skipOption: 'useanothermethod' })
 * ```
 */
export const MOBILE_WEB_SKIP_OPTIONS = ['useanothernum', 'useanothermethod', 'manualdetails', 'later'] as const;
