// Hono on Deno: `deno run --allow-net --allow-env examples/hono/deno.ts`.
import { TruecallerClient } from 'truecaller-web-login';
import { createHonoApp } from './app.js';

// The part of Deno's API this file uses (Deno's own types are not installed here).
declare const Deno: {
  env: { get(name: string): string | undefined };
  serve(options: { port: number }, handler: (request: Request) => Response | Promise<Response>): unknown;
};

const app = createHonoApp({
  client: new TruecallerClient({ appKey: Deno.env.get('TRUECALLER_APP_KEY') ?? '' }),
  callbackSecret: Deno.env.get('TRUECALLER_CALLBACK_SECRET') ?? '',
});

Deno.serve({ port: 3000 }, app.fetch);
