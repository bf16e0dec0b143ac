// A new and an existing user sign in through the Better Auth plugin, over real HTTP on loopback, against the
// Truecaller simulator (itself a loopback server: the start call, the profile call and the callback are HTTP),
// with a real PostgreSQL:
//   npm run example:better-auth
// uses DATABASE_URL, or starts a throwaway PostgreSQL cluster (Debian's `postgresql` package) and removes it.
// Prints each step; exits 1 when a step fails. The "browser" is Better Auth's own client with the
// truecallerClient() plugin and a cookie jar.
import { createAuthClient } from 'better-auth/client';
import { phoneNumberClient } from 'better-auth/client/plugins';
import { getMigrations } from 'better-auth/db/migration';
import pg from 'pg';
import { maskPhoneNumber, type TruecallerEvent } from 'truecaller-web-login';
import { truecallerClient } from 'truecaller-web-login/better-auth/client';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { createAppAuth } from './auth.js';
import { serve } from './server.js';

const APP_KEY = 'demo-app-key';
const CALLBACK_SECRET = 'demo-callback-secret-7f3a9c21';
const NEW_USER = '+46761234567';
const OTP_USER = '+919876543210';

/** Runs the demo against the PostgreSQL at `databaseUrl`; resolves with the last line, rejects on any failure. */
export async function runBetterAuthDemo(databaseUrl: string, log: (line: string) => void = console.log) {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const otps = new Map<string, string>();
  const simulator = new TruecallerSimulator({
    appKey: APP_KEY,
    decisionDelay: 200,
    // A profile given here is served verbatim: it lists the number, as Truecaller's does.
    users: [
      { phoneNumber: NEW_USER.slice(1), decision: 'approve', profile: profile(NEW_USER, 'Rajat', 'Kapoor') },
      { phoneNumber: OTP_USER.slice(1), decision: 'approve', profile: profile(OTP_USER, 'Asha', 'Rao') },
    ],
  });
  // Truecaller's two endpoints on a free loopback port; the client is pointed at them.
  const truecaller = await simulator.listen();
  const server = await serve((baseURL) =>
    createAppAuth({
      pool,
      baseURL,
      secret: 'demo-better-auth-secret-0123456789abcdef',
      appKey: APP_KEY,
      callbackSecret: CALLBACK_SECRET,
      sendOtp: (to, code) => {
        otps.set(to, code);
      },
      truecallerOptions: {
        requestsUrl: truecaller.requestsUrl,
        profileUrl: truecaller.profileUrl,
        onEvent: (event) => log(`  [app] ${describeEvent(event)}`),
      },
    }),
  );
  // The simulator POSTs each callback to the app over HTTP, as Truecaller does.
  simulator.callbackUrl = `${server.url}/api/auth/truecaller/callback/${CALLBACK_SECRET}`;
  const { auth } = server;
  try {
    await (await getMigrations(auth.options)).runMigrations();
    log(`Truecaller simulator on ${truecaller.url}; app on ${server.url}, Better Auth tables migrated`);

    log(`1. a new user: Truecaller sign-in for ${maskPhoneNumber(NEW_USER)}`);
    const newcomer = browser(server.url);
    const signedUp = await newcomer.signIn.truecaller({ phoneNumber: NEW_USER, interval: 100 });
    if (signedUp.data?.status !== 'completed') throw new Error(`sign-up ended with ${JSON.stringify(signedUp)}`);
    const newSession = await newcomer.getSession();
    logCallback(simulator, log);
    log(`   signed up and in as ${newSession.data?.user.name} (user ${newSession.data?.user.id})`);

    log(`2. an existing user, who signed up with an SMS code, for ${maskPhoneNumber(OTP_USER)}`);
    const returning = browser(server.url);
    await returning.phoneNumber.sendOtp({ phoneNumber: OTP_USER });
    const viaOtp = await returning.phoneNumber.verify({ phoneNumber: OTP_USER, code: otps.get(OTP_USER) ?? '' });
    const accountId = viaOtp.data?.user?.id;
    log(`   account ${accountId} created with an OTP; signing out`);
    await returning.signOut();
    const signedIn = await returning.signIn.truecaller({ phoneNumber: OTP_USER, interval: 100 });
    const session = await returning.getSession();
    if (signedIn.data?.status !== 'completed' || session.data?.user.id !== accountId) {
      throw new Error('the Truecaller sign-in did not reach the OTP account');
    }
    logCallback(simulator, log);
    log(`   Truecaller signed in to the same account (user ${accountId})`);

    log('3. a number Truecaller cannot verify: the page falls back to an SMS code');
    const { error } = await browser(server.url).signIn.truecaller({ phoneNumber: '+46700000001', interval: 100 });
    if (error?.code !== 'FORBIDDEN') throw new Error(`expected FORBIDDEN, got ${JSON.stringify(error)}`);
    const line = `   ${error.code}: ${error.message}`;
    log(line);
    await simulator.settled();
    return line;
  } finally {
    await truecaller.close();
    await server.close();
    await pool.end();
  }
}

/** A Truecaller profile body for `phoneNumber` (E.164 with `+`). */
function profile(phoneNumber: string, first: string, last: string): Record<string, unknown> {
  return { phoneNumbers: [Number(phoneNumber.slice(1))], name: { first, last } };
}

/** What the app's client reported, for people: the step and the masked number, never a token or the state. */
function describeEvent(event: TruecallerEvent): string {
  switch (event.type) {
    case 'started':
      return `sign-in started (${event.flow}${event.phoneNumber === undefined ? '' : `, ${event.phoneNumber}`})`;
    case 'callback_accepted':
      return `callback accepted: ${event.outcome}`;
    case 'callback_refused':
      return `callback refused: ${event.code}`;
    case 'completed':
      return `sign-in completed for ${event.phoneNumber} -> Better Auth finds or creates the user, sets the session`;
    case 'failed':
      return `${event.step} failed: ${event.code}`;
    default:
      return event.type;
  }
}

/** How the simulator's last callback POST was answered. */
function logCallback(simulator: TruecallerSimulator, log: (line: string) => void): void {
  const callback = simulator.callbacks.at(-1);
  const statuses = callback?.attempts.map((attempt) => attempt.status ?? 'no answer').join(', ');
  log(`  [truecaller] callback POSTed to the app -> ${statuses}`);
  if (callback?.delivered !== true) throw new Error('the callback was not delivered');
}

/** Better Auth's client in a "browser" on the app's origin: a cookie jar, and the page's Origin header. */
function browser(url: string) {
  const cookies = new Map<string, string>();
  const jarFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('origin', url);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(input, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/s);
      if (value === '' || /max-age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return response;
  };
  return createAuthClient({
    baseURL: url,
    plugins: [truecallerClient(), phoneNumberClient()],
    fetchOptions: { customFetchImpl: jarFetch },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startPostgresServer } = await import('../../tests/support/postgresServer.js');
  const postgres = process.env.DATABASE_URL === undefined ? await startPostgresServer() : undefined;
  try {
    await runBetterAuthDemo(process.env.DATABASE_URL ?? (postgres?.url as string));
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    await postgres?.destroy();
  }
}
