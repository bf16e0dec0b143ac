// Starts the fake Truecaller (fakeTruecaller.ts) in a child process and talks to it; stops it by its pid.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromTruecaller, SimulatorReport, ToTruecaller } from './protocol.js';

/** The fake Truecaller as the driver sees it. */
export interface TruecallerProcess {
  readonly requestsUrl: string;
  readonly profileUrl: string;
  /** What the simulator has seen so far. */
  report(): Promise<SimulatorReport>;
  /** Stops the child (SIGTERM by pid, SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./fakeTruecaller.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../tests/tsconfig.json', import.meta.url));

/**
 * Forks the fake Truecaller, which POSTs its callbacks to `callbackUrl`. It exits by itself after `lifetime` ms.
 *
 * @throws {Error} when it does not report ready within 30 s or exits first.
 */
export async function startTruecallerProcess(callbackUrl: string, lifetime: number): Promise<TruecallerProcess> {
  const child = fork(CHILD, [callbackUrl, String(lifetime)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await nextMessage(child, 'ready', 30_000);
  if (ready.type !== 'ready') throw new Error('fake Truecaller: unexpected first message');
  return {
    requestsUrl: ready.requestsUrl,
    profileUrl: ready.profileUrl,
    async report() {
      const answer = nextMessage(child, 'report', 30_000);
      child.send({ type: 'report' } satisfies ToTruecaller);
      const message = await answer;
      if (message.type !== 'report') throw new Error('fake Truecaller: unexpected answer');
      return message.report;
    },
    stop: () => stopChild(child),
  };
}

function nextMessage(child: ChildProcess, type: FromTruecaller['type'], timeout: number): Promise<FromTruecaller> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`fake Truecaller: no '${type}' within ${timeout} ms`)), timeout);
    const onMessage = (message: FromTruecaller) => {
      if (message.type === type) done(undefined, message);
    };
    const onExit = (code: number | null) => done(new Error(`fake Truecaller exited (${code}) before '${type}'`));
    function done(error: Error | undefined, message?: FromTruecaller) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error !== undefined || message === undefined) reject(error);
      else resolve(message);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
