import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { runDemo } from '../../examples/demo.js';

/** Drops the `[  12 ms] ` timing prefix. */
const withoutTime = (line: string) => line.replace(/^\[\s*\d+ ms\] /, '');

test('the demo completes a whole sign-in over loopback HTTP against the simulator and narrates each step', async () => {
  const lines: string[] = [];
  const result = await runDemo((line) => lines.push(line));

  expect(result).toBe('Signed in as Rajat Kapoor');
  expect(lines[0]).toMatch(/^Truecaller simulator on http:\/\/127\.0\.0\.1:\d+, app on http:\/\/127\.0\.0\.1:\d+$/);
  expect(lines.slice(1).every((line) => /^\[\s*\d+ ms\] /.test(line))).toBe(true);
  expect(lines.slice(1).map(withoutTime)).toEqual([
    '1. browser -> app: start a sign-in for +46******567',
    '   app -> Truecaller: POST /v1/apps/requests -> 200',
    expect.stringMatching(/^ {3}app -> browser: 202, requestId \S+$/),
    '2. browser: polling the status route while the phone shows the prompt',
    '3. Truecaller -> app: the user answered on their phone; callback POST -> 204',
    '   app -> Truecaller: GET /v1/default -> 200',
    expect.stringMatching(/^4\. browser -> app: status -> completed \(after \d+ polls\)$/),
    'Signed in as Rajat Kapoor',
  ]);
  // The demo's own narration must follow the SDK's rule: no full phone number, no appKey, no callback secret.
  const output = lines.join('\n');
  expect(output).not.toContain('46761234567');
  expect(output).not.toContain('demo-app-key');
  expect(output).not.toContain('s3cret');
});

test('a sign-in the user declines makes the demo fail', async () => {
  const lines: string[] = [];

  await expect(runDemo((line) => lines.push(line), { decision: 'user_rejected' })).rejects.toThrow(
    'the sign-in ended with status rejected',
  );
  expect(lines.map(withoutTime)).toContain(
    '3. Truecaller -> app: the user answered on their phone; callback POST -> 204',
  );
});

test('`npm run demo` exits 0 on a completed sign-in and 1 on a declined one', async () => {
  const run = (...args: string[]) =>
    promisify(execFile)('npx', [
      '--no-install',
      'tsx',
      '--tsconfig',
      'tests/tsconfig.json',
      'examples/demo.ts',
      ...args,
    ]).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        stdout: error.stdout + error.stderr,
      }),
    );

  const [approved, declined] = await Promise.all([run(), run('--decision=user_rejected')]);

  expect(approved).toMatchObject({ code: 0, stdout: expect.stringContaining('Signed in as Rajat Kapoor') });
  expect(declined).toMatchObject({
    code: 1,
    stdout: expect.stringContaining('Demo failed: the sign-in ended with status rejected'),
  });
}, 30_000);
