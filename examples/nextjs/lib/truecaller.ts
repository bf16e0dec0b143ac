// Next.js (App Router): one client and one set of routes for the server, created when a route first needs them.
// Each route file exports the matching handler as its POST or GET: route handlers are web-standard
// `(request: Request) => Response` functions, exactly what the SDK's routes are.
//
// Serverless and edge deployments run many instances: give the client a shared tracker (RedisTracker from
// 'truecaller-web-login/redis', connected before use as in examples/config.ts), never the in-memory default.
import { createTruecallerRoutes, TruecallerClient, type TruecallerRoutes } from 'truecaller-web-login';
import { onCompleted, readSessionId } from '../../session.js';

let routes: TruecallerRoutes | undefined;

export function truecallerRoutes(): TruecallerRoutes {
  routes ??= createTruecallerRoutes(new TruecallerClient({ appKey: env('TRUECALLER_APP_KEY') }), {
    state: readSessionId, // your session: e.g. the value of your session cookie
    callbackSecret: env('TRUECALLER_CALLBACK_SECRET'),
    onCompleted,
  });
  return routes;
}

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`Set ${name}.`);
  return value;
}
