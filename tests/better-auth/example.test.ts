import { expect, test } from 'vitest';
import { runBetterAuthDemo } from '../../examples/better-auth/demo.js';
import { usePostgres } from './support/authHarness.js';

const postgres = usePostgres();

test('the example signs a new and an existing user in through the plugin, over HTTP, against the simulator', async () => {
  const lines: string[] = [];

  const last = await runBetterAuthDemo(await postgres.databaseUrl(), (line) => lines.push(line));

  expect(lines.filter((line) => line === '  [truecaller] callback POSTed to the app -> 204')).toHaveLength(2);
  expect(lines.find((line) => line.startsWith('   signed up and in as Rajat Kapoor'))).toBeDefined();
  const otpAccount = lines.find((line) => line.includes('created with an OTP'))?.match(/account (\S+)/)?.[1];
  expect(lines).toContain(`   Truecaller signed in to the same account (user ${otpAccount})`);
  expect(last).toMatch(/^ {3}FORBIDDEN: /);
  // The example follows the SDK's rule too: no full phone number in anything it prints.
  expect(lines.join('\n')).not.toMatch(/46761234567|919876543210/);
});
