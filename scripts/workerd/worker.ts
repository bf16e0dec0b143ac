// A Cloudflare Workers test: workerd runs `test()` in the real Workers runtime (no Node APIs, no nodejs_compat).
// The SDK performs a whole sign-in there against a hand-written fetch, so any Node-only API in src/ fails it.
import { ForbiddenError, MemoryTracker, TruecallerClient } from '../../src/index.js';

function fakeTruecaller(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') {
      if (request.headers.get('appKey') !== 'worker-key') return Response.json({ code: 404 }, { status: 404 });
      return Response.json({ requestId: 'worker-request' });
    }
    if (request.headers.get('authorization') !== 'Bearer worker-token') return new Response(null, { status: 401 });
    return Response.json({ phoneNumbers: ['46761234567'], name: { first: 'Worker', last: 'Runtime' } });
  };
}

export default {
  async test(): Promise<void> {
    const client = new TruecallerClient({
      appKey: 'worker-key',
      fetch: fakeTruecaller(),
      tracker: new MemoryTracker(),
    });
    const { requestId } = await client.requestAuthorization({ phoneNumber: '+46 76 123 45 67', state: 's' });
    await client.handleCallback(
      new Request('https://app.example/cb', {
        method: 'POST',
        body: JSON.stringify({ requestId, accessToken: 'worker-token', state: 's' }),
      }),
    );
    const result = await client.completeSignIn(requestId, { state: 's' });
    if (result.status !== 'completed' || result.profile.name?.first !== 'Worker') {
      throw new Error(`sign-in did not complete: ${JSON.stringify(result)}`);
    }
    const forbidden = new TruecallerClient({
      appKey: 'worker-key',
      tracker: false,
      fetch: async () => Response.json({ code: 1008 }, { status: 403 }),
    });
    const error = await forbidden.requestAuthorization({ phoneNumber: '+46761234567' }).catch((caught) => caught);
    if (!(error instanceof ForbiddenError)) throw new Error('403 was not mapped to ForbiddenError');
    console.log('workerd: sign-in completed, errors mapped');
  },
};
