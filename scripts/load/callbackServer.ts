// The load driver's callback route: Truecaller's (here: the fake's) POST, handed to `client.handleCallback`
// on a loopback node:http server, answered as `createTruecallerRoutes` would (204, or `errorResponse`).
import { createServer, type Server } from 'node:http';
import { errorResponse, type TruecallerClient } from 'truecaller-web-login';
import { toNodeHandler } from 'truecaller-web-login/node';

/** A running callback route. */
export interface CallbackServer {
  /** `http://127.0.0.1:<port>/truecaller/callback` */
  readonly url: string;
  /** Answers by status (204 accepted; 404 unknown or early, 503 store down, …). */
  readonly answers: Map<number, number>;
  /** The requestIds whose callback `handleCallback` accepted (recorded). */
  readonly accepted: Set<string>;
  /** Points the route at another client (one per run). */
  use(client: TruecallerClient): void;
  close(): Promise<void>;
}

/** Starts the callback route on a free loopback port. */
export async function startCallbackServer(): Promise<CallbackServer> {
  let client: TruecallerClient | undefined;
  const answers = new Map<number, number>();
  const accepted = new Set<string>();
  const handler = toNodeHandler(
    async (request) => {
      let response: Response;
      if (client === undefined) response = new Response(null, { status: 503 });
      else {
        try {
          const receipt = await client.handleCallback(request);
          accepted.add(receipt.requestId);
          response = new Response(null, { status: 204 });
        } catch (error) {
          response = errorResponse(error);
        }
      }
      answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
      return response;
    },
    { onError: () => undefined },
  );
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('callback server: no port');
  return {
    url: `http://127.0.0.1:${address.port}/truecaller/callback`,
    answers,
    accepted,
    use(next) {
      client = next;
      answers.clear();
      accepted.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
