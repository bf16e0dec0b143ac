/**
 * What `client.createMobileWebLink` resolves with; send both to the page (the route answers exactly these).
 *
 * @example
 * ```ts
 * const link: MobileWebLink = await client.createMobileWebLink({ partnerName: 'Acme', state: session.id })
 * return Response.json(link, { headers: { 'cache-control': 'no-store' } })
 * ```
 */
export interface MobileWebLink {
  /**
   * The `truecallersdk://truesdk/web_verify?…` link for the page to open. It carries your appKey as `partnerKey`
   * (Truecaller's design: the user's device presents it to the Truecaller app), so it is for that one browser:
   * never log it, put it in analytics, or share it.
   */
  url: string;
  /** The link's `requestNonce`: the sign-in's requestId for the status and cancel routes. */
  requestId: string;
}
