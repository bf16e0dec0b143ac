/**
 * `npm run demo -- --serve` as a user runs it: a child process (examples/demo.ts through tsx, as the npm script
 * does) that prints the page's URL on 127.0.0.1, serves the page and its script, and exits 0 on SIGTERM and
 * SIGINT with its ports closed. The child is stopped by its pid, and killed if a test fails before that.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';

let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null && child.signalCode === null && child.pid !== undefined)
    process.kill(child.pid, 'SIGKILL');
  child = undefined;
});

/** Starts the demo in one process (tsx as a loader, so the pid is the server's) and resolves with its URL. */
async function startServe(): Promise<{ url: string; output: () => string; exited: Promise<number | null> }> {
  const started = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts', '--serve'], {
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tests/tsconfig.json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let output = '';
  started.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  started.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const found = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (found !== undefined) resolve(found);
    };
    started.stdout?.on('data', look);
    void exited.then(() => reject(new Error(`the demo exited before it served:\n${output}`)));
  });
  return { url, output: () => output, exited };
}

test.each(['SIGTERM', 'SIGINT'] as const)('serves the page on loopback and stops cleanly on %s', async (signal) => {
  const demo = await startServe();

  const page = await fetch(demo.url);
  expect(page.status).toBe(200);
  expect(page.headers.get('set-cookie')).toMatch(/^sid=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
  expect(await page.text()).toContain('<script type="module" src="/page.js"></script>');
  const script = await fetch(new URL('/page.js', demo.url));
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await script.text()).toContain('/signin/truecaller/status');

  process.kill(child?.pid ?? 0, signal);

  expect(await demo.exited).toBe(0);
  expect(demo.output()).toContain(`${signal}: stopping`);
  // Both ports are closed: the app's and the simulator's.
  const simulator = /Truecaller simulator on (http:\/\/127\.0\.0\.1:\d+)/.exec(demo.output())?.[1];
  expect(simulator).toBeDefined();
  await expect(fetch(demo.url)).rejects.toThrow(TypeError);
  await expect(fetch(`${simulator}/v1/default`)).rejects.toThrow(TypeError);
});
