// The app's HTTP server (node:http): Better Auth answers everything under /api/auth, Truecaller's callback included.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'better-auth/node';
import type { AppAuth } from './auth.js';

export interface RunningServer {
  url: string;
  auth: AppAuth;
  close(): Promise<void>;
}

/**
 * Serves the app on a free loopback port (port 0: the OS picks one); `createAuth` gets the URL it is served on,
 * which is Better Auth's `baseURL` (its trusted origin).
 */
export async function serve(createAuth: (baseURL: string) => AppAuth): Promise<RunningServer> {
  let handle: ReturnType<typeof toNodeHandler> | undefined;
  const server: Server = createServer((request, response) => {
    if (handle !== undefined && request.url?.startsWith('/api/auth/')) return void handle(request, response);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const auth = createAuth(url);
  handle = toNodeHandler(auth);
  return {
    url,
    auth,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
