import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './processes.js';

/** A redis-server child process on a loopback port, for tests. */
export interface RedisServer {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Starts the server again on the same port (after {@link RedisServer.stop}); resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops the server by its pid and resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

const BINARY = 'redis-server';

/** Whether `redis-server` is an executable file somewhere on PATH. */
export function isRedisServerOnPath(): boolean {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    try {
      accessSync(join(directory, BINARY), constants.X_OK);
      return true;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return false;
}

/**
 * Decides whether the Redis suites run. Without `redis-server` they are skipped with a loud warning on a
 * developer machine, but on CI (`CI=true`) they run anyway so that starting the server fails the build:
 * a CI that silently skips its Redis tests proves nothing.
 */
export function shouldRunRedisSuites(): boolean {
  if (isRedisServerOnPath()) return true;
  if (process.env.CI === 'true') return true;
  console.warn(
    '\n\n  !!! redis-server is not on PATH: the RedisTracker suites are SKIPPED.\n' +
      '  !!! Install it (apt-get install -y --no-install-recommends redis-server) to run them.\n' +
      '  !!! On CI (CI=true) they fail instead of skipping.\n\n',
  );
  return false;
}

/**
 * Starts a throwaway `redis-server` on a free loopback port, with persistence off and its working directory
 * in a fresh temp dir, and resolves once it answers PING.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer();
 * try { ... } finally { await redis.stop(); }
 * ```
 */
export async function startRedisServer(): Promise<RedisServer> {
  if (!isRedisServerOnPath()) {
    throw new Error(
      'redis-server is not on PATH. Install it (apt-get install -y --no-install-recommends redis-server); ' +
        'CI must install it before running the tests.',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'truecaller-redis-'));
  let child: ChildProcess | undefined;

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child !== undefined) throw new Error('redis-server is already running');
      child = spawnServer(port, dir);
      await waitForPing(port, child);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running === undefined) return;
      await killAndWait(running);
    },
  };
  await server.start();
  process.once('exit', () => {
    // Last resort if a test run dies before afterAll: never leave a server behind.
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

function spawnServer(port: number, dir: string): ChildProcess {
  return spawn(
    BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} while starting`);
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer PING on port ${port} within ${timeoutMs} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
