// `npm run demo`: one complete Truecaller sign-in over real HTTP on loopback. Truecaller is the simulator
// (`simulator.listen()`); the app is examples/app.ts's routes on a node:http server with a cookie session; the
// browser is a fetch loop that polls the status route. Each step is printed with the time since the start, and
// the process exits non-zero when the sign-in does not complete.
//
//   npm run demo                                 # the user approves
//   npm run demo -- --decision=user_rejected     # the user declines: the demo says so and exits 1
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { maskPhoneNumber, TruecallerClient } from 'truecaller-web-login';
import { type PhoneAnswer, TruecallerSimulator } from 'truecaller-web-login/simulator';
import { callbackRoute, startRoute, statusRoute } from './app.js';

const APP_KEY = 'demo-app-key';
const CALLBACK_PATH = '/truecaller/callback/s3cret';
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

  // The app: the SDK client pointed at the simulator (its fetch narrates the calls to Truecaller), and the routes.
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
  const app = await serveApp(client, say);
  simulator.callbackUrl = `${app.url}${CALLBACK_PATH}`;
  log(`Truecaller simulator on ${truecaller.url}, app on ${app.url}`);

  try {
    const browser = new Browser(app.url);
    say(`1. browser -> app: start a sign-in for ${maskPhoneNumber(PHONE_NUMBER)}`);
    const started = await browser.send('POST', '/signin/truecaller', { phoneNumber: PHONE_NUMBER });
    const { requestId } = (await started.json()) as { requestId?: string };
    if (requestId === undefined) throw new Error(`the start route answered ${started.status}`);
    say(`   app -> browser: ${started.status}, requestId ${requestId}`);

    say('2. browser: polling the status route while the phone shows the prompt');
    for (let poll = 1; poll <= 50; poll++) {
      const response = await browser.send(
        'GET',
        `/signin/truecaller/status?requestId=${encodeURIComponent(requestId)}`,
      );
      const status = (await response.json().catch(() => ({ status: `HTTP ${response.status}` }))) as {
        status: string;
        name?: string;
      };
      if (status.status === 'pending') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      say(`4. browser -> app: status -> ${status.status} (after ${poll} polls)`);
      if (status.status !== 'completed') throw new Error(`the sign-in ended with status ${status.status}`);
      const line = `Signed in as ${status.name}`;
      say(line);
      return line;
    }
    throw new Error('the sign-in did not complete within 50 polls');
  } finally {
    await simulator.settled();
    await app.close();
    await truecaller.close();
  }
}

/** A browser: remembers the session cookie the app sets. */
class Browser {
  #cookie = '';
  constructor(private readonly origin: string) {}

  async send(method: 'GET' | 'POST', path: string, json?: unknown): Promise<Response> {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: { cookie: this.#cookie, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    this.#cookie = response.headers.get('set-cookie')?.split(';')[0] ?? this.#cookie;
    return response;
  }
}

/** examples/app.ts's routes on node:http, with a cookie session whose id is the sign-in's state. */
async function serveApp(client: TruecallerClient, say: (line: string) => void) {
  let sessions = 0;
  const handle = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const cookie = /(?:^|;\s*)sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
    const sessionId = cookie ?? `demo-session-${++sessions}`;
    let response: Response;
    if (request.method === 'POST' && pathname === '/signin/truecaller') {
      response = await startRoute(client, request, sessionId);
    } else if (request.method === 'POST' && pathname === CALLBACK_PATH) {
      response = await callbackRoute(client, request);
      say(`3. Truecaller -> app: the user answered on their phone; callback POST -> ${response.status}`);
    } else if (request.method === 'GET' && pathname === '/signin/truecaller/status') {
      response = await statusRoute(client, request, sessionId);
    } else {
      response = new Response(null, { status: 404 });
    }
    if (cookie === undefined) response.headers.set('set-cookie', `sid=${sessionId}; Path=/; HttpOnly`);
    return response;
  };
  const server = createServer((incoming, outgoing) => {
    void toRequest(incoming)
      .then(handle)
      .then((response) => send(outgoing, response))
      .catch(() => outgoing.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the app has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  const method = incoming.method ?? 'GET';
  return new Request(`http://127.0.0.1${incoming.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' ? {} : { body: Buffer.concat(chunks) }),
  });
}

async function send(outgoing: ServerResponse, response: Response): Promise<void> {
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const decision = process.argv.find((arg) => arg.startsWith('--decision='))?.slice('--decision='.length);
  runDemo(console.log, decision === undefined ? {} : { decision: decision as PhoneAnswer }).catch((error: unknown) => {
    console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
