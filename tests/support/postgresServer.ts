import { execFile } from 'node:child_process';
import { accessSync, chownSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, isAlive } from './processes.js';

/** A throwaway PostgreSQL cluster on a loopback port, for tests. */
export interface PostgresServer {
  readonly port: number;
  /** Superuser name (`test`); authentication is `trust` on loopback only. */
  readonly user: string;
  /** `postgres://test@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Starts the cluster again on the same port (after {@link PostgresServer.stop}); resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the cluster (`pg_ctl stop -m fast`, then the postmaster's pid is killed if still alive). Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the cluster and removes its directory. Safe to call twice. */
  destroy(): Promise<void>;
}

const USER = 'test';

/**
 * Where `initdb`, `pg_ctl` and `postgres` live: the newest `/usr/lib/postgresql/<version>/bin` (Debian's layout,
 * not on PATH), else the directory on PATH that has `initdb`. `undefined` when PostgreSQL is not installed.
 */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  try {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // Not Debian's layout; try PATH.
  }
  candidates.push(...(process.env.PATH ?? '').split(delimiter).filter((directory) => directory !== ''));
  for (const directory of candidates) {
    try {
      accessSync(join(directory, 'initdb'), constants.X_OK);
      accessSync(join(directory, 'pg_ctl'), constants.X_OK);
      return directory;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

/**
 * Decides whether the PostgreSQL suites run. Without PostgreSQL they are skipped with a loud warning on a
 * developer machine, but on CI (`CI=true`) they run anyway so that starting the server fails the build:
 * a CI that silently skips its PostgreSQL tests proves nothing.
 */
export function shouldRunPostgresSuites(): boolean {
  if (findPostgresBin() !== undefined) return true;
  if (process.env.CI === 'true') return true;
  console.warn(
    '\n\n  !!! PostgreSQL (initdb, pg_ctl) was not found: the PostgreSQL suites are SKIPPED.\n' +
      '  !!! Install it (apt-get install -y postgresql) to run them.\n' +
      '  !!! On CI (CI=true) they fail instead of skipping.\n\n',
  );
  return false;
}

/**
 * Creates a throwaway cluster in a fresh temp dir (`initdb`, trust authentication, superuser `test`), starts it
 * on a free loopback port with its Unix socket in that dir and fsync off, and resolves once it accepts
 * connections. As root, every PostgreSQL binary runs as the `postgres` user (initdb refuses root).
 *
 * @example
 * ```ts
 * const postgres = await startPostgresServer();
 * try { const pool = new pg.Pool({ connectionString: postgres.url }); ... } finally { await postgres.destroy(); }
 * ```
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    throw new Error(
      'PostgreSQL was not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH). Install it ' +
        '(apt-get install -y postgresql); CI must install it before running the tests.',
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'truecaller-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => runTool(join(bin, tool), args, asRoot, log);

  let running = false;
  let removed = false;
  const server: PostgresServer = {
    port,
    user: USER,
    url: `postgres://${USER}@127.0.0.1:${port}/postgres`,
    async start() {
      if (removed) throw new Error('this PostgreSQL cluster was destroyed');
      if (running) throw new Error('PostgreSQL is already running');
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
      await run('pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '30', 'start']);
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      const pid = postmasterPid(data);
      await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '10', 'stop']).catch(() => {});
      if (pid !== undefined && isAlive(pid)) {
        process.kill(pid, 'SIGKILL');
        await waitUntilGone(pid);
      }
    },
    async destroy() {
      await server.stop();
      removed = true;
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', USER, '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    await server.start();
  } catch (error) {
    await server.destroy();
    throw error;
  }
  process.once('exit', () => {
    // Last resort if a test run dies before afterAll: never leave a cluster behind (SIGQUIT: immediate shutdown).
    const pid = running ? postmasterPid(data) : undefined;
    if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error('running as root but there is no `postgres` user to run initdb as (apt-get install postgresql)');
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function runTool(path: string, args: string[], asRoot: boolean, log: string): Promise<void> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error === null) return resolve();
      let tail = '';
      try {
        tail = readFileSync(log, 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        // No server log yet (initdb failed).
      }
      reject(new Error(`${path} ${args.join(' ')} failed: ${error.message}\n${stderr}\n${tail}`));
    });
  });
}

/** The postmaster's pid, from the first line of `postmaster.pid`. */
function postmasterPid(data: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function waitUntilGone(pid: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
