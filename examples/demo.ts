// `npm run demo`: one complete Truecaller sign-in over real HTTP on loopback. Truecaller is the simulator
// (`simulator.listen()`); the app is examples/app.ts (`createTruecallerRoutes` with a cookie session, a callback
// secret and `onCompleted`) on node:http through `toNodeHandler`; the browser is a fetch loop that keeps the
// session cookie and polls the status route. Each step is printed with the time since the start, and the process
// exits non-zero when the sign-in does not complete.
//
//   npm run demo                                 # the user approves
//   npm run demo -- --decision=user_rejected     # the user declines: the demo says so and exits 1
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { maskPhoneNumber, TruecallerClient } from 'truecaller-web-login';
import { toNodeHandler } from 'truecaller-web-login/node';
import { type PhoneAnswer, TruecallerSimulator } from 'truecaller-web-login/simulator';
import { createApp, PATHS } from './app.js';

const APP_KEY = 'demo-app-key';
const CALLBACK_SECRET = 'demo-callback-secret-5e1f0c7a';
const PHONE_NUMBER = '+46 76 123 45 67';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** What the user does on their phone. Default `'approve'`. */
  decision?: PhoneAnswer;
}

/** Runs the demo, narrating each step through `log`; resolves with the last line, rejects when the sign-in fails. */
export async function runDemo(log: (line: string) => void = console.log, options: DemoOptions = {}): Promise<string> {
  const began = performance.now();
  const say = (line: string) => log(`[${String(Math.round(performance.now() - began)).padStart(4)} ms] ${line}`);

  // Truecaller: a real HTTP server on a free loopback port. The user takes a moment to answer the prompt.
  const simulator = new TruecallerSimulator({
    appKey: APP_KEY,
    decisionDelay: 300,
    users: [
      {
        phoneNumber: '46761234567',
        decision: options.decision ?? 'approve',
        profile: { name: { first: 'Rajat', last: 'Kapoor' }, phoneNumbers: [46761234567] },
      },
    ],
  });
  const truecaller = await simulator.listen();

  // The app: the SDK client pointed at the simulator (its fetch narrates the calls to Truecaller), and
  // examples/app.ts on node:http. The wrapper only narrates Truecaller's callback.
  const client = new TruecallerClient({
    appKey: APP_KEY,
    requestsUrl: truecaller.requestsUrl,
    profileUrl: truecaller.profileUrl,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      say(`   app -> Truecaller: ${request.method} ${new URL(request.url).pathname} -> ${response.status}`);
      return response;
    },
  });
  const app = createApp({ client, callbackSecret: CALLBACK_SECRET });
  const server = createServer(
    toNodeHandler(async (request) => {
      const response = await app(request);
      if (new URL(request.url).pathname.startsWith(PATHS.callback)) {
        say(`3. Truecaller -> app: the user answered on their phone; callback POST -> ${response.status}`);
      }
      return response;
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  simulator.callbackUrl = `${appUrl}${PATHS.callback}${CALLBACK_SECRET}`;
  log(`Truecaller simulator on ${truecaller.url}, app on ${appUrl}`);

  try {
    const browser = new Browser(appUrl);
    const page = await browser.send('GET', PATHS.page);
    say(
      `0. browser -> app: the sign-in page -> ${page.status}, session cookie ${browser.hasSession ? 'set' : 'MISSING'}`,
    );
    say(`1. browser -> app: start a sign-in for ${maskPhoneNumber(PHONE_NUMBER)}`);
    const started = await browser.send('POST', PATHS.start, { phoneNumber: PHONE_NUMBER });
    const { requestId } = (await started.json()) as { requestId?: string };
    if (requestId === undefined) throw new Error(`the start route answered ${started.status}`);
    say(`   app -> browser: ${started.status}, requestId ${requestId}`);

    say('2. browser: polling the status route while the phone shows the prompt');
    for (let poll = 1; poll <= 50; poll++) {
      const response = await browser.send('GET', `${PATHS.status}?requestId=${encodeURIComponent(requestId)}`);
      const status = (await response.json().catch(() => ({}))) as { status?: string; error?: string; name?: string };
      if (status.status === 'pending') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const outcome = status.status ?? `HTTP ${response.status} ${status.error ?? ''}`.trim();
      say(`4. browser -> app: status -> ${outcome} (after ${poll} polls)`);
      if (outcome !== 'completed') throw new Error(`the sign-in ended with status ${outcome}`);
      const line = `Signed in as ${status.name}`;
      say(line);
      return line;
    }
    throw new Error('the sign-in did not complete within 50 polls');
  } finally {
    await simulator.settled();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await truecaller.close();
  }
}

/** A browser: keeps the cookies the app sets, sends JSON with its content type. */
class Browser {
  readonly #cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}

  get hasSession(): boolean {
    return this.#cookies.has('sid');
  }

  async send(method: 'GET' | 'POST', path: string, json?: unknown): Promise<Response> {
    const headers = new Headers();
    if (this.#cookies.size > 0) headers.set('cookie', [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (json !== undefined) headers.set('content-type', 'application/json');
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) this.#cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
    return response;
  }
}

/**
 * The command line: `--decision=<PhoneAnswer>` runs one sign-in and resolves with the exit code; `--serve` starts
 * the demo page instead (examples/serve/) and resolves once it listens.
 */
export async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--serve')) {
    await import('./serve/main.js').then((serve) => serve.main(args));
    return 0;
  }
  const decision = args.find((arg) => arg.startsWith('--decision='))?.slice('--decision='.length);
  try {
    await runDemo(console.log, decision === undefined ? {} : { decision: decision as PhoneAnswer });
    return 0;
  } catch (error) {
    console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await main(process.argv.slice(2));
}
