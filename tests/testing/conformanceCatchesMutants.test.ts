/**
 * The conformance suite must fail a tracker that breaks the contract, not only pass the good ones. This runs it
 * (in a child vitest, with `tests/testing/mutants/vitest.config.ts`) against trackers that each break one rule
 * of contract v2, and checks that each is caught by the test about that rule, while MemoryTracker passes all.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

interface JsonReport {
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

const outputDir = mkdtempSync(join(tmpdir(), 'conformance-mutants-'));
const results = new Map<string, { failed: string[]; total: number }>();

beforeAll(async () => {
  const outputFile = join(outputDir, 'report.json');
  await promisify(execFile)(
    'npx',
    [
      '--no-install',
      'vitest',
      'run',
      '--config',
      'tests/testing/mutants/vitest.config.ts',
      '--reporter=json',
      `--outputFile=${outputFile}`,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  ).catch(() => undefined); // the mutants fail, so vitest exits 1; the report says how
  const report = JSON.parse(readFileSync(outputFile, 'utf8')) as JsonReport;
  for (const file of report.testResults) {
    for (const result of file.assertionResults) {
      const suite = (result.ancestorTitles[0] ?? '').replace(' conforms to PendingRequestTracker', '');
      const entry = results.get(suite) ?? { failed: [], total: 0 };
      entry.total += 1;
      if (result.status !== 'passed') entry.failed.push(result.title);
      results.set(suite, entry);
    }
  }
}, 180_000);

afterAll(() => rmSync(outputDir, { recursive: true, force: true }));

describe('describeTrackerConformance catches broken trackers', () => {
  test('a correct tracker (MemoryTracker) passes every test', () => {
    expect(results.get('MemoryTracker')).toMatchObject({ failed: [] });
    expect(results.get('MemoryTracker')?.total).toBeGreaterThan(50);
  });

  test.each([
    ['ForgetfulFinish', 'resolves true again when the same claimant repeats it (a retry after an ambiguous finish)'],
    [
      'DeclineKeepsLock',
      "frees the request's lock when it settles a rejection (a decline frees the number), and keeps the request",
    ],
    ['StickyClaim', 'lets a later claim take over: only the latest claimant can finish'],
    [
      'EvictingPark',
      'refuses a new callback at maxParked, keeping every one already parked (a flood pushes nothing out)',
    ],
    [
      'TwoStepFinish',
      'lets exactly one of many polls that each claim and then finish complete the sign-in, and frees the lock',
    ],
    ['RemoveKeepsLock', 'removes a pending request, frees its lock and resolves with what it held, once'],
  ])('%s fails "%s"', (mutant, rule) => {
    expect(results.get(mutant)?.failed).toContain(rule);
  });
});
