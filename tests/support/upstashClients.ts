import { Redis } from '@upstash/redis';
import type { UpstashRestServer } from './upstashRestServer.js';

/**
 * An `@upstash/redis` client for the stand-in, with the client's defaults (base64 response encoding, automatic
 * JSON deserialization, auto-pipelining) except retries: by default it retries a failed fetch five times with
 * backoff (about 4 s), which would turn every fault test into a wait for the tracker's timeout.
 */
export function upstashClient(server: UpstashRestServer, options: { retry?: boolean } = {}): Redis {
  return new Redis({ url: server.url, token: server.token, ...(options.retry === true ? {} : { retry: false }) });
}
