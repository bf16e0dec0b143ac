// Hono on Cloudflare Workers: `export default { fetch }`. Bindings arrive per request, so the app is built on the
// first one and reused by the isolate.
//
// A Worker runs in many isolates at once, so pending sign-ins must live in a store they all reach (a
// PendingRequestTracker on a shared database or Redis reachable over fetch): the default MemoryTracker would
// refuse most callbacks as `unknown_request` (the client's onEvent shows them as `callback_refused`).
import type { Hono } from 'hono';
import { type PendingRequestTracker, TruecallerClient } from 'truecaller-web-login';
import { createHonoApp } from './app.js';

/** The Worker's bindings (wrangler.toml `[vars]` and secrets). */
export interface Env {
  TRUECALLER_APP_KEY: string;
  TRUECALLER_CALLBACK_SECRET: string;
}

/** Builds the Worker around the tracker it shares across isolates. */
export function createWorker(trackerFor: (env: Env) => PendingRequestTracker): {
  fetch(request: Request, env: Env): Response | Promise<Response>;
} {
  let app: Hono | undefined;
  return {
    fetch(request, env) {
      app ??= createHonoApp({
        client: new TruecallerClient({ appKey: env.TRUECALLER_APP_KEY, tracker: trackerFor(env) }),
        callbackSecret: env.TRUECALLER_CALLBACK_SECRET,
      });
      return app.fetch(request, env);
    },
  };
}
