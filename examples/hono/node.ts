// Hono on Node, with @hono/node-server.
import { serve } from '@hono/node-server';
import { configFromEnv, isMain } from '../config.js';
import { createHonoApp } from './app.js';

if (isMain(import.meta)) {
  const app = createHonoApp(await configFromEnv());
  serve({ fetch: app.fetch, port: 3000 }, (info) => console.log(`http://localhost:${info.port}`));
}
