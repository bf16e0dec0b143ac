// node:http: one listener for the whole app. toNodeHandler turns Node's request into a web Request whose body
// the SDK reads itself (with its size limit), so every callback reaches the SDK as Truecaller sent it.
import { createServer, type Server } from 'node:http';
import { toNodeHandler } from 'truecaller-web-login/node';
import { type AppOptions, createAppRoutes, PATHS } from '../app.js';
import { configFromEnv, isMain } from '../config.js';
import { signInPage } from '../session.js';

export function createNodeServer(options: AppOptions): Server {
  const routes = createAppRoutes(options);
  return createServer(
    toNodeHandler(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === PATHS.start) return routes.start(request);
      if (pathname.startsWith(PATHS.callback)) return routes.callback(request);
      if (pathname === PATHS.status) return routes.status(request);
      if (pathname === PATHS.cancel) return routes.cancel(request);
      if (pathname === PATHS.page) return signInPage(request);
      return new Response('Not found', { status: 404 });
    }),
  );
}

if (isMain(import.meta)) {
  createNodeServer(await configFromEnv()).listen(3000, () => console.log('http://localhost:3000'));
}
