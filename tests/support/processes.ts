// What the test servers (redis-server, PostgreSQL, Chromium) share: a free loopback port chosen at run time, and
// a check that a process started by pid is still there.
import { createServer } from 'node:net';

/** A loopback port nothing listens on right now (the OS picks it; the probe is closed again). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('could not find a free port');
  return address.port;
}

/** Whether a process with this pid still exists (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
