// `npm run check:size`: the bundle budgets, enforced. Each budget bundles what a user's bundler would ship
// (esbuild, minified, gzip) and fails the run when it is over, or when a dependency-free entry (`/browser`, 2 kB)
// bundles anything from outside its own folders. Also checks that the optional entries (simulator, node adapters,
// trackers, Better Auth) never leak into what the root entry pulls in. Prints where the bytes go (minified share
// per folder or package) and what the dependencies alone cost, so a failure says where to look.

import { checkBudgets, describeParts, FLOORS, kb, measure, OPTIONAL_ENTRY_FOLDERS } from './bench/size.js';

const { results, leaked } = await checkBudgets();
const rows: string[] = [];
for (const { budget, measured, foreign, ok } of results) {
  const goal =
    budget.target === undefined
      ? ''
      : measured.gzip <= budget.target
        ? ` (goal ${kb(budget.target)}: met)`
        : ` (goal ${kb(budget.target)}: NOT met, ${kb(measured.gzip - budget.target)} over)`;
  const label = ok ? 'ok  ' : measured.gzip > budget.limit ? 'OVER' : 'FAIL';
  rows.push(`${label}  ${budget.name}: ${kb(measured.gzip)} of ${kb(budget.limit)}${goal}`);
  rows.push(`        minified share: ${describeParts(measured)}`);
  if (foreign.length > 0)
    rows.push(`        bundles code from outside ${budget.onlyFrom?.join(', ')}: ${foreign.join(', ')}`);
}
rows.push(
  leaked.length === 0
    ? `ok    root entry pulls in none of ${OPTIONAL_ENTRY_FOLDERS.join(', ')}`
    : `LEAK  root entry pulls in: ${leaked.join(', ')}`,
);
for (const floor of FLOORS)
  rows.push(`      for reference, ${floor.name}: ${kb((await measure(floor.contents, floor.external)).gzip)}`);

console.log(rows.join('\n'));
if (results.some((result) => !result.ok) || leaked.length > 0) {
  console.error(
    '\ncheck:size failed: a bundle is over its budget or pulls in what it must not, or an optional entry leaked into the root entry.',
  );
  process.exit(1);
}
