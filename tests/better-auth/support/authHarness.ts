/**
 * A real Better Auth on a real PostgreSQL for the plugin's tests: a throwaway cluster per test file
 * (`tests/support/postgresServer.ts`), a fresh database per auth instance, Better Auth's own migrations, the
 * `phoneNumber` plugin next to ours (they share users), and a {@link Browser} with a cookie jar that talks to
 * `auth.handler` the way a page on the app's origin does.
 */
import { type BetterAuthOptions, betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { phoneNumber } from 'better-auth/plugins';
import pg from 'pg';
import { MemoryTracker } from 'truecaller-web-login';
import { type TruecallerPluginOptions, truecaller } from 'truecaller-web-login/better-auth';
import { afterAll, beforeAll } from 'vitest';
import { type PostgresServer, startPostgresServer } from '../../support/postgresServer.js';
import { type FakeTruecaller, truecallerFetch, useFakeTruecaller } from './fakeTruecaller.js';

export const BASE_URL = 'http://localhost:3000';
export const API = `${BASE_URL}/api/auth`;
export const APP_KEY = 'better-auth-test-app-key-4f1c';
export const CALLBACK_SECRET = 'callback-secret-8d1f27c4a9';
const SECRET = 'better-auth-test-secret-0123456789abcdef0123';

/** One PostgreSQL cluster for the calling test file; {@link Postgres.database} hands out fresh databases. */
export interface Postgres {
  /** A new, empty database and a pool on it (closed after the file). */
  database(): Promise<pg.Pool>;
  /** A new, empty database's connection URL. */
  databaseUrl(): Promise<string>;
}

export function usePostgres(): Postgres {
  let server: PostgresServer | undefined;
  const pools: pg.Pool[] = [];
  let count = 0;
  beforeAll(async () => {
    server = await startPostgresServer();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await server?.destroy();
  });
  const postgres: Postgres = {
    async databaseUrl() {
      if (server === undefined) throw new Error('PostgreSQL is not running');
      count += 1;
      const name = `auth_${count}`;
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
    async database() {
      const pool = new pg.Pool({ connectionString: await postgres.databaseUrl(), max: 5 });
      // An idle client whose server shuts down (57P01 at the end of the file) emits 'error' on the pool; without
      // a listener that is an uncaught exception, failing whichever test file happens to be running.
      pool.on('error', () => {});
      pools.push(pool);
      return pool;
    },
  };
  return postgres;
}

/** A Better Auth instance with both plugins, what it logged, and the OTPs the `phoneNumber` plugin "sent". */
export interface TestAuth {
  auth: ReturnType<typeof createBetterAuth>;
  /** Every log line Better Auth and the plugin wrote, as one string each. */
  logs: string[];
  /** The last OTP sent to each number (`+46…`). */
  otps: Map<string, string>;
}

function createBetterAuth(
  pool: pg.Pool,
  plugin: TruecallerPluginOptions,
  logs: string[],
  otps: Map<string, string>,
  databaseHooks: BetterAuthOptions['databaseHooks'],
) {
  return betterAuth({
    ...(databaseHooks === undefined ? {} : { databaseHooks }),
    baseURL: BASE_URL,
    secret: SECRET,
    database: pool,
    telemetry: { enabled: false },
    logger: {
      level: 'debug',
      log: (level, message, ...args) => {
        logs.push(
          [level, message, ...args.map((arg) => (arg instanceof Error ? arg.stack : JSON.stringify(arg)))].join(' '),
        );
      },
    },
    plugins: [
      phoneNumber({
        sendOTP: ({ phoneNumber: to, code }) => {
          otps.set(to, code);
        },
        signUpOnVerification: { getTempEmail: (number) => `${number.slice(1)}@otp.test` },
        phoneNumberValidator: (number) => /^\+\d{8,15}$/.test(number),
      }),
      truecaller(plugin),
    ],
  } satisfies BetterAuthOptions);
}

/**
 * Builds Better Auth on `pool` with the `phoneNumber` plugin and ours (`overrides` replace the plugin's options,
 * and add to its client options: by default a client on the test file's simulator with `retry: 0`, a fresh
 * MemoryTracker, sign-up on) and runs Better
 * Auth's migrations on it (idempotent: a second instance on the same database finds the tables).
 * `databaseHooks` are Better Auth's, for tests that need to step in.
 */
export async function createTestAuth(
  pool: pg.Pool,
  overrides: Partial<TruecallerPluginOptions> = {},
  databaseHooks?: BetterAuthOptions['databaseHooks'],
): Promise<TestAuth> {
  const logs: string[] = [];
  const otps = new Map<string, string>();
  const plugin: TruecallerPluginOptions = {
    callbackSecret: CALLBACK_SECRET,
    tracker: new MemoryTracker(),
    ...overrides,
    // Truecaller is the test file's simulator; an override's client options add to these.
    client: { appKey: APP_KEY, retry: 0, fetch: truecallerFetch, ...overrides.client },
  };
  const auth = createBetterAuth(pool, plugin, logs, otps, databaseHooks);
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  return { auth, logs, otps };
}

/** What {@link useAuthApp} sets up for the calling test file; `pool` and `testAuth` are ready inside tests. */
export interface AuthApp {
  /** Truecaller for this file (the simulator behind the client's `fetch`). */
  readonly fake: FakeTruecaller;
  /** The file's fresh database. */
  readonly pool: pg.Pool;
  /** Better Auth with both plugins on {@link pool}, built with the `overrides` given. */
  readonly testAuth: TestAuth;
}

/**
 * The setup every sign-in test file shares: the fake Truecaller, a PostgreSQL cluster, a fresh database and
 * Better Auth on it ({@link createTestAuth} with `overrides`), built before the file's tests.
 *
 * @example
 * ```ts
 * const app = useAuthApp();
 * test('…', async () => {
 *   const { status } = await signIn(app.testAuth, app.fake, new Browser(app.testAuth.auth), '46761234501');
 * });
 * ```
 */
export function useAuthApp(overrides: Partial<TruecallerPluginOptions> = {}): AuthApp {
  const fake = useFakeTruecaller(APP_KEY);
  const postgres = usePostgres();
  let ready: { pool: pg.Pool; testAuth: TestAuth } | undefined;
  beforeAll(async () => {
    const pool = await postgres.database();
    ready = { pool, testAuth: await createTestAuth(pool, overrides) };
  });
  const built = () => {
    if (ready === undefined) throw new Error('useAuthApp: used outside a test');
    return ready;
  };
  return {
    fake,
    get pool() {
      return built().pool;
    },
    get testAuth() {
      return built().testAuth;
    },
  };
}

type Handler = (request: Request) => Promise<Response>;

/** A browser on the app's origin: sends `Origin` and its cookies, keeps the cookies it is sent. */
export class Browser {
  readonly #cookies = new Map<string, string>();
  readonly #handler: Handler;
  /** Every request this browser sent: method and path (`POST /api/auth/truecaller/cancel`), with JSON bodies. */
  readonly requests: { method: string; path: string; body: unknown }[] = [];

  constructor(auth: { handler: Handler }) {
    this.#handler = auth.handler;
  }

  /** `fetch` for this browser: absolute URLs on {@link BASE_URL}, answered in-process by `auth.handler`. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    this.requests.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: text ? JSON.parse(text) : undefined,
    });
    const headers = new Headers(request.headers);
    headers.set('origin', BASE_URL);
    if (this.#cookies.size > 0) headers.set('cookie', this.cookieHeader());
    const response = await this.#handler(new Request(request, { headers }));
    for (const line of response.headers.getSetCookie()) this.#store(line);
    return response;
  };

  /** `POST` a JSON body to an auth path (`/truecaller/start`). */
  post(path: string, body?: unknown): Promise<Response> {
    return this.fetch(`${API}${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  }

  /** `GET` an auth path with a query. */
  get(path: string, query: Record<string, string> = {}): Promise<Response> {
    return this.fetch(`${API}${path}?${new URLSearchParams(query)}`);
  }

  /** The `Cookie` header this browser sends. */
  cookieHeader(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Headers carrying this browser's cookies, for `auth.api.getSession({ headers })`. */
  headers(): Headers {
    return new Headers({ cookie: this.cookieHeader() });
  }

  /** Names of the cookies this browser holds. */
  cookieNames(): string[] {
    return [...this.#cookies.keys()];
  }

  #store(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const separator = pair.indexOf('=');
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired || value === '') this.#cookies.delete(name);
    else this.#cookies.set(name, value);
  }
}

/** Truecaller's callback: a server-to-server POST with no cookie and no Origin, at the secret URL. */
export function postCallback(
  auth: { handler: Handler },
  body: unknown,
  secret: string = CALLBACK_SECRET,
): Promise<Response> {
  return auth.handler(
    new Request(`${API}/truecaller/callback/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Starts a sign-in in `browser` for `phoneNumber` (digits) and resolves with the requestId; fails on non-200. */
export async function start(browser: Browser, phoneNumber: string): Promise<string> {
  const response = await browser.post('/truecaller/start', { phoneNumber: `+${phoneNumber}` });
  if (response.status !== 200) throw new Error(`start answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { requestId: string }).requestId;
}

/** Polls the status route once; resolves with the status code and the JSON body. */
export async function poll(
  browser: Browser,
  requestId: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await browser.get('/truecaller/status', { requestId });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * A whole sign-in: start in `browser`, the phone approves (the fake's callback, with `profileNumbers` in the
 * profile), then one poll. Resolves with the poll's status code and body.
 */
export async function signIn(
  testAuth: TestAuth,
  fake: FakeTruecaller,
  browser: Browser,
  phoneNumber: string,
  profileNumbers?: string[],
): Promise<{ status: number; body: Record<string, unknown> }> {
  const requestId = await start(browser, phoneNumber);
  const callback = await postCallback(testAuth.auth, fake.approve(fake.startFor(phoneNumber), profileNumbers));
  if (callback.status !== 204) throw new Error(`callback answered ${callback.status}: ${await callback.text()}`);
  return poll(browser, requestId);
}

/** Users in the database with this phone number (`+46…`). */
export async function usersWithNumber(pool: pg.Pool, phoneNumber: string): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query('SELECT * FROM "user" WHERE "phoneNumber" = $1', [phoneNumber]);
  return rows;
}
