// Hono on Bun: `bun run examples/hono/bun.ts`. Bun serves a module's default export { port, fetch }.
import { TruecallerClient } from 'truecaller-web-login';
import { createHonoApp } from './app.js';

// Bun exposes the environment as process.env too.
const app = createHonoApp({
  client: new TruecallerClient({ appKey: process.env.TRUECALLER_APP_KEY ?? '' }),
  callbackSecret: process.env.TRUECALLER_CALLBACK_SECRET ?? '',
});

export default { port: 3000, fetch: app.fetch };
