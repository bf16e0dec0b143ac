// A Cloudflare Workers test of RedisTracker over HTTP: workerd runs `test()` in the real Workers runtime (no Node
// APIs, no nodejs_compat) with `@upstash/redis/cloudflare`, the client a Worker uses. Its requests go to a
// loopback stand-in for Upstash's REST API in front of a real redis-server (scripts/workerd/upstash-stand-in.ts,
// started by scripts/runtime-matrix.mjs; the URL and token arrive as bindings). Three TruecallerClients stand for
// three instances: start on A, Truecaller's callback on B, the browser's poll on C; then the same with an
// encryptionKey and a numeric `state` that automatic JSON deserialization would otherwise turn into a number.
import { Redis } from '@upstash/redis/cloudflare';
import { TruecallerClient } from '../../src/index.js';
import { RedisTracker } from '../../src/redis/index.js';

interface Env {
  UPSTASH_URL: string;
  UPSTASH_TOKEN: string;
}

const PHONE = '46761234567';
const KEY = 'q3JpQ0x7vY8b2Wm1Zr5tNc9Ls4Hd6Kf0Pa8Xe2Gu7Bo=';

function fakeTruecaller(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') return Response.json({ requestId: `worker-${crypto.randomUUID()}` });
    if (request.headers.get('authorization') !== 'Bearer worker-token') return new Response(null, { status: 401 });
    return Response.json({ phoneNumbers: [PHONE], name: { first: 'Worker', last: 'Upstash' } });
  };
}

async function signIn(env: Env, encryptionKey: string | undefined, state: string): Promise<void> {
  const prefix = `{workerd-${crypto.randomUUID()}}:`;
  // Each instance has its own client, as separate isolates would.
  const [a, b, c] = [0, 1, 2].map(
    () =>
      new TruecallerClient({
        appKey: 'worker-key',
        fetch: fakeTruecaller(),
        tracker: new RedisTracker({
          client: new Redis({ url: env.UPSTASH_URL, token: env.UPSTASH_TOKEN, retry: false }),
          prefix,
          timeout: 5_000,
          encryptionKey,
        }),
      }),
  ) as [TruecallerClient, TruecallerClient, TruecallerClient];

  const { requestId } = await a.requestAuthorization({ phoneNumber: `+${PHONE}`, state });
  const early = await c.completeSignIn(requestId, { state });
  if (early.status !== 'pending') throw new Error(`the first poll answered ${early.status}, expected pending`);
  await b.handleCallback({ requestId, accessToken: 'worker-token', state });
  const result = await c.completeSignIn(requestId, { state });
  if (result.status !== 'completed' || result.state !== state || result.profile.name?.first !== 'Worker') {
    throw new Error(`sign-in did not complete: ${JSON.stringify({ status: result.status })}`);
  }
  const again = await a.completeSignIn(requestId, { state });
  if (again.status !== 'expired') throw new Error(`a second poll answered ${again.status}, expected expired`);
}

export default {
  async test(_controller: unknown, env: Env): Promise<void> {
    if (!env.UPSTASH_URL || !env.UPSTASH_TOKEN) throw new Error('UPSTASH_URL and UPSTASH_TOKEN are not bound');
    await signIn(env, undefined, 'session-1');
    await signIn(env, KEY, '12345');
    console.log(
      'workerd: sign-in across three instances through RedisTracker over @upstash/redis, plain and encrypted',
    );
  },
};
