// Hono: the routes are web-standard handlers, so each is one line: hand them Hono's raw Request. The same app
// runs on Node (./node.ts), Bun (./bun.ts), Deno (./deno.ts) and Cloudflare Workers (./worker.ts).
import { Hono } from 'hono';
import { type AppOptions, createAppRoutes, PATHS } from '../app.js';
import { signInPage } from '../session.js';

export function createHonoApp(options: AppOptions): Hono {
  const routes = createAppRoutes(options);
  const app = new Hono();
  app.post(PATHS.start, (c) => routes.start(c.req.raw));
  app.post(`${PATHS.callback}:secret`, (c) => routes.callback(c.req.raw));
  app.get(PATHS.status, (c) => routes.status(c.req.raw));
  app.post(PATHS.cancel, (c) => routes.cancel(c.req.raw));
  app.get(PATHS.page, (c) => signInPage(c.req.raw));
  return app;
}
