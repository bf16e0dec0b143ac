// `npm run demo`: one complete Truecaller sign-in, start to profile, against the simulator. The app side is
// exactly examples/app.ts; the browser is a loop that polls the status route.
import { setupServer } from 'msw/node';
import { maskPhoneNumber, TruecallerClient } from 'truecaller-web-login';
import { callbackRoute, startRoute, statusRoute } from './app.js';
import { TruecallerSimulator } from './simulator/TruecallerSimulator.js';

const APP_KEY = 'demo-app-key';
const APP = 'https://app.example';

export async function runDemo(log: (line: string) => void = console.log): Promise<string> {
  const client = new TruecallerClient({ appKey: APP_KEY });
  const simulator = new TruecallerSimulator({
    appKey: APP_KEY,
    users: [
      {
        phoneNumber: '46761234567',
        decision: 'approve',
        profile: { name: { first: 'Rajat', last: 'Kapoor' }, onlineIdentities: { email: 'rajat@example.invalid' } },
      },
    ],
    onEvent: (event) => log(`  [phone] ${event}`),
    deliverCallback: async (body) => {
      const response = await callbackRoute(
        client,
        new Request(`${APP}/truecaller/callback/s3cret`, { method: 'POST', body: JSON.stringify(body) }),
      );
      log(`3. callback received -> answered ${response.status}`);
    },
  });
  const server = setupServer(...simulator.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const sessionId = 'browser-session-1';
    const phoneNumber = '+46 76 123 45 67';
    log(`1. request sent for ${maskPhoneNumber(phoneNumber)}`);
    const started = await startRoute(
      client,
      new Request(`${APP}/signin/truecaller`, { method: 'POST', body: JSON.stringify({ phoneNumber }) }),
      sessionId,
    );
    const { requestId } = (await started.json()) as { requestId: string };
    log(`2. requestId: ${requestId}`);

    for (let poll = 1; poll <= 20; poll++) {
      const response = await statusRoute(
        client,
        new Request(`${APP}/signin/truecaller/status?requestId=${encodeURIComponent(requestId)}`),
        sessionId,
      );
      const status = (await response.json()) as { status: string; name?: string };
      if (status.status === 'pending') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (status.status !== 'completed') throw new Error(`sign-in ended with status ${status.status}`);
      log('4. profile fetched and verified against the requested number');
      const line = `Signed in as ${status.name}`;
      log(line);
      return line;
    }
    throw new Error('sign-in did not complete within 20 polls');
  } finally {
    await simulator.settled();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runDemo();
}
