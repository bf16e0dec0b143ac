/**
 * Throws the `TypeError` that points to the `/node` adapters when `value` is a Node.js request (an
 * `http.IncomingMessage`, an Express `req`, a Fastify `request`) rather than a body or a web `Request`.
 * Detected by shape, without importing Node: the request's stream methods (`on`, `pipe`) are functions, which
 * no JSON body can contain, so a forged body can never trigger this.
 *
 * @throws {TypeError}
 */
export function assertNotNodeRequest(value: unknown, method: string): void {
  if (!isNodeRequest(value) && !isNodeRequest(rawOf(value))) return;
  throw new TypeError(
    `${method} was given a Node.js request object (IncomingMessage), not a web Request or a body. ` +
      "Convert it with the adapters of 'truecaller-web-login/node' (toNodeHandler, toExpressHandler, " +
      'fastifyTruecallerRoutes), or pass the raw body.',
  );
}

/** A Fastify `request` keeps the Node request as `raw`. */
function rawOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Reflect.get(value, 'raw');
  } catch {
    return undefined; // a revoked Proxy: the parser refuses it
  }
}

function isNodeRequest(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const candidate = value as Record<string, unknown>;
    return (
      typeof candidate.on === 'function' &&
      typeof candidate.pipe === 'function' &&
      typeof candidate.method === 'string' &&
      typeof candidate.headers === 'object' &&
      candidate.headers !== null &&
      !(candidate.headers instanceof Headers)
    );
  } catch {
    return false; // a hostile Proxy: not a Node request; the parser refuses it.
  }
}
