// The fake Truecaller of `npm run test:load`, in its own process: `truecaller-web-login/simulator` served by
// `listen()` on a loopback port. Every number is a user who approves after `decisionDelay` ms; callbacks are
// POSTed to the load driver's callback route (argv[2], a loopback URL). Talks to its parent over the IPC channel:
// sends `{ type: 'ready', requestsUrl, profileUrl }`, answers `{ type: 'report' }` with what it saw, and exits on
// `{ type: 'stop' }`, on a lost parent, or after its own deadline (argv[3] ms), so it never outlives the run.
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { LOAD_APP_KEY, type SimulatorReport, type ToTruecaller } from './protocol.js';

const callbackUrl = process.argv[2];
const lifetime = Number(process.argv[3] ?? 600_000);
if (callbackUrl === undefined || !/^http:\/\/127\.0\.0\.1:\d+\//.test(callbackUrl) || process.send === undefined) {
  console.error('fakeTruecaller: run by scripts/load with a loopback callback URL and an IPC channel');
  process.exit(2);
}

const simulator = new TruecallerSimulator({ appKey: LOAD_APP_KEY, callbackUrl, decisionDelay: 10 });
const server = await simulator.listen({ hostname: '127.0.0.1', port: 0 });

function report(): SimulatorReport {
  const prompts: Record<string, number> = {};
  let profileCalls = 0;
  for (const request of simulator.requests) {
    if (request.endpoint === 'profile') {
      profileCalls++;
      continue;
    }
    const phone = (request.body as { phoneNumber?: unknown } | undefined)?.phoneNumber;
    if (typeof phone === 'number') prompts[String(phone)] = (prompts[String(phone)] ?? 0) + 1;
  }
  let delivered = 0;
  let undelivered = 0;
  for (const callback of simulator.callbacks) {
    if (callback.delivered) delivered++;
    else undelivered++;
  }
  return { prompts, profileCalls, callbacksDelivered: delivered, callbacksUndelivered: undelivered };
}

async function stop(code: number): Promise<never> {
  await server.close().catch(() => undefined);
  process.exit(code);
}

const deadline = setTimeout(() => void stop(3), lifetime);
deadline.unref();
process.on('disconnect', () => void stop(0));
process.on('message', (message: ToTruecaller) => {
  if (message.type === 'report') {
    // Callbacks still being delivered are counted as they stand; the driver asks once its sign-ins are over.
    process.send?.({ type: 'report', report: report() });
  } else if (message.type === 'stop') {
    void stop(0);
  }
});
process.send({ type: 'ready', requestsUrl: server.requestsUrl, profileUrl: server.profileUrl });
