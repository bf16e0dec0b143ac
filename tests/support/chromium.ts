// Real headless Chromium for the browser tests: Debian's `chromium` package (never a downloaded build; CI installs
// it with `apt-get install -y --no-install-recommends chromium`), driven by playwright-core. Each launch gets a
// fresh profile directory (playwright's `--user-data-dir`, removed when the browser stops) and is stopped by pid
// if closing politely does not finish.
import { accessSync, constants } from 'node:fs';
import { type Browser, type BrowserServer, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { isAlive } from './processes.js';

/** Where Debian installs Chromium; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The flags this machine's notes prescribe: headless without a sandbox or GPU, and nothing that reaches the
 * network on its own (QUIC, first-run pages, background updates, component updates, sync).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** How long a polite close may take before the process is killed. */
const CLOSE_TIMEOUT_MS = 10_000;

export interface RunningChromium {
  browser: Browser;
  /** The browser process's pid. */
  pid: number;
  /** Closes the browser; kills the process by pid if that does not finish in time. Safe to call twice. */
  stop(): Promise<void>;
}

/** The executable, or an error that says how to install it. */
export function chromiumExecutable(): string {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}. Install Debian's package: apt-get install -y --no-install-recommends chromium ` +
        '(or set CHROMIUM_PATH). Never `playwright install`: browser downloads are not available here.',
    );
  }
  return CHROMIUM_PATH;
}

/** Launches Chromium with {@link CHROMIUM_FLAGS} and a fresh profile, and connects to it. */
export async function launchChromium(): Promise<RunningChromium> {
  const server: BrowserServer = await chromium.launchServer({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [...CHROMIUM_FLAGS],
    // playwright's defaults stay on: if the test process is interrupted or exits, it kills the browser too.
  });
  const pid = server.process().pid;
  if (pid === undefined) {
    await server.kill();
    throw new Error('Chromium started without a pid.');
  }
  let browser: Browser;
  try {
    browser = await chromium.connect(server.wsEndpoint());
  } catch (error) {
    await server.kill();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopServer(server, browser, pid);
    return stopping;
  };
  return { browser, pid, stop };
}

async function stopServer(server: BrowserServer, browser: Browser, pid: number): Promise<void> {
  const polite = (async () => {
    await browser.close().catch(() => undefined);
    await server.close();
  })();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CLOSE_TIMEOUT_MS);
  });
  const outcome = await Promise.race([polite.then(() => 'closed' as const), timedOut]).finally(() =>
    clearTimeout(timer),
  );
  if (outcome === 'timeout') await server.kill();
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * One Chromium for the test file: launched before the first test, stopped after the last. Returns a getter
 * (the browser exists only once `beforeAll` has run).
 */
export function useChromium(): () => RunningChromium {
  let running: RunningChromium | undefined;
  beforeAll(async () => {
    running = await launchChromium();
  });
  afterAll(async () => {
    await running?.stop();
  });
  return () => {
    if (running === undefined) throw new Error('Chromium is not running: call useChromium() at the top of the file.');
    return running;
  };
}
