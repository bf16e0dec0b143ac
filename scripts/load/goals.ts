// The goals of issue 6's load proof, and the table `npm run test:load` prints. Pure functions (tested in
// tests/load/goals.test.ts).
import type { RunFigures } from './runLoad.js';

/**
 * The goals one run missed, as sentences (empty when it met them all):
 * - always: no profile handed out twice, no number left locked;
 * - with fewer in flight than sign-ins (1,000 of 10,000): every sign-in completes;
 * - with all at once: every user who did not get in gets in with one immediate retry (every failure is clean).
 */
export function missedGoals(run: RunFigures): string[] {
  const missed: string[] = [];
  const name = `${run.tracker}, ${run.inFlight.toLocaleString('en')} in flight`;
  if (run.deliveredTwice > 0) missed.push(`${name}: ${run.deliveredTwice} sign-ins delivered twice`);
  if (run.locksLeft > 0) missed.push(`${name}: ${run.locksLeft} numbers left locked`);
  if (run.inFlight < run.signIns) {
    if (run.completed !== run.signIns) {
      missed.push(`${name}: ${run.completed} of ${run.signIns} completed (${describeFailures(run.failures)})`);
    }
  } else if (run.retryCompleted !== run.retried) {
    missed.push(`${name}: ${run.retried - run.retryCompleted} of ${run.retried} immediate retries failed`);
  }
  return missed;
}

/** `start:tracker_error 3, lost:timeout 1`, or `none`. */
export function describeFailures(failures: Record<string, number>): string {
  const entries = Object.entries(failures).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([code, count]) => `${code} ${count}`).join(', ');
}

const COLUMNS = [
  'tracker',
  'in flight',
  'completed',
  'lost',
  'twice',
  'locks left',
  'starts failed',
  'prompted (failed start)',
  'retry ok',
  'failures by code',
  's',
  'load 1m',
] as const;

/** A Markdown table of the runs (the same rows go into docs/reliability.md). */
export function formatTable(runs: readonly RunFigures[]): string {
  const rows = runs.map((run) => [
    run.tracker,
    `${run.inFlight.toLocaleString('en')} / ${run.signIns.toLocaleString('en')}`,
    run.completed.toLocaleString('en'),
    String(run.lost),
    String(run.deliveredTwice),
    run.lockKeys === undefined ? String(run.locksLeft) : `${run.locksLeft} (keys ${run.lockKeys})`,
    String(run.startsFailed),
    String(run.promptedForFailedStart),
    `${run.retryCompleted} / ${run.retried}`,
    describeFailures(run.failures),
    run.seconds.toFixed(1),
    `${run.loadBefore.toFixed(1)}→${run.loadAfter.toFixed(1)}`,
  ]);
  const widths = COLUMNS.map((column, index) =>
    Math.max(column.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join(' | ')} |`;
  return [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
