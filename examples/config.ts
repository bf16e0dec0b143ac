// Running an example for real: the client from environment variables, on Redis when REDIS_URL is set.
//   TRUECALLER_APP_KEY=… TRUECALLER_CALLBACK_SECRET=$(node -p 'crypto.randomUUID()') \
//   npx tsx --tsconfig examples/tsconfig.json examples/express/server.ts
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { type PendingRequestTracker, TruecallerClient } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import type { AppOptions } from './app.js';

/** The app's options from the environment. */
export async function configFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<AppOptions> {
  const appKey = required(env, 'TRUECALLER_APP_KEY');
  const callbackSecret = required(env, 'TRUECALLER_CALLBACK_SECRET');
  const tracker = env.REDIS_URL === undefined ? undefined : await redisTracker(env.REDIS_URL);
  const client = new TruecallerClient({
    appKey,
    ...(tracker === undefined ? {} : { tracker }),
    // One line per step of each sign-in; refused callbacks are the ones to alert on.
    onEvent: (event) => console.log(JSON.stringify({ truecaller: event })),
  });
  return { client, callbackSecret };
}

/**
 * A tracker on Redis that works from the first request: with the offline queue off (commands fail at once while
 * disconnected: the SDK fails closed), a command sent before the connection is ready fails too, so connect
 * explicitly and wait for it (`lazyConnect` + `connect()`, which resolves once the client is ready).
 */
export async function redisTracker(url: string): Promise<PendingRequestTracker> {
  const redis = new Redis(url, { enableOfflineQueue: false, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', (error: Error) => console.warn('redis:', error.message)); // it reconnects on its own
  await redis.connect();
  return new RedisTracker({ client: redis });
}

/** Whether this module is the one `node`/`tsx` was started with. */
export function isMain(meta: ImportMeta): boolean {
  return process.argv[1] !== undefined && meta.url === pathToFileURL(process.argv[1]).href;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Set ${name} to run this example.`);
  return value;
}
