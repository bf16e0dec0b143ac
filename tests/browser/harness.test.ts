/**
 * The Chromium harness itself: Debian's browser with the prescribed flags and a profile of its own, gone (process
 * and profile) once stopped. The other browser tests rely on this.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, launchChromium } from '../support/chromium.js';
import { isAlive } from '../support/processes.js';

/** The command line of a running process, from /proc. */
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('launchChromium', () => {
  test("runs Debian's Chromium with the flags and a fresh profile; stop() ends the process and removes the profile", async () => {
    const running = await launchChromium();
    let profile: string | undefined;
    try {
      const args = commandLine(running.pid);
      profile = args.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);

      // Debian's /usr/bin/chromium is a wrapper that execs /usr/lib/chromium/chromium in the same process.
      expect([CHROMIUM_PATH, '/usr/lib/chromium/chromium']).toContain(args[0]);
      expect(args).toEqual(expect.arrayContaining([...CHROMIUM_FLAGS]));
      expect(profile).toBeDefined();
      expect(existsSync(profile ?? '')).toBe(true);
      expect(running.browser.version()).toMatch(/^\d+\./);
    } finally {
      await running.stop();
    }

    expect(isAlive(running.pid)).toBe(false);
    expect(existsSync(profile ?? '')).toBe(false);
  });

  test('two launches get two different profiles', async () => {
    const first = await launchChromium();
    const second = await launchChromium();
    try {
      const profileOf = (pid: number) => commandLine(pid).find((arg) => arg.startsWith('--user-data-dir='));

      expect(profileOf(first.pid)).not.toBe(profileOf(second.pid));
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  test('stop() may be called twice', async () => {
    const running = await launchChromium();

    await running.stop();
    await running.stop();

    expect(isAlive(running.pid)).toBe(false);
  });
});
