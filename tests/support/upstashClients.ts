import { Redis, type RedisConfigNodejs } from '@upstash/redis';
import type { UpstashRestServer } from './upstashRestServer.js';

/** Client options a test may change; url and token always come from the stand-in. */
export type UpstashClientOptions = Omit<RedisConfigNodejs, 'url' | 'token'>;

/**
 * An `@upstash/redis` client for the stand-in, with the client's defaults (base64 response encoding, automatic
 * JSON deserialization, auto-pipelining) except retries: by default it retries a failed fetch five times with
 * backoff (about 4 s), which would turn every fault test into a wait for the tracker's timeout. `options` are
 * passed on as they are (`retry: false` unless they set it).
 */
export function upstashClient(server: UpstashRestServer, options: UpstashClientOptions = {}): Redis {
  return new Redis({ retry: false, ...options, url: server.url, token: server.token });
}
