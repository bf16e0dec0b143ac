import { expect, test } from 'vitest';
import { runDemo } from '../../examples/demo.js';

test('the demo completes a whole sign-in against the simulator and narrates each step', async () => {
  const lines: string[] = [];
  const result = await runDemo((line) => lines.push(line));

  expect(result).toBe('Signed in as Rajat Kapoor');
  expect(lines[0]).toBe('1. request sent for +46******567');
  expect(lines[1]).toMatch(/^2\. requestId: \S+$/);
  expect(lines).toContain('3. callback received -> answered 204');
  expect(lines.at(-1)).toBe('Signed in as Rajat Kapoor');
  // The demo's own narration must follow the SDK's rule: no full phone number in any output.
  expect(lines.join('\n')).not.toContain('46761234567');
});
