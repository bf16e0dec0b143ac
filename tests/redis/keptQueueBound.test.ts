// Releases, `finish` and `remove` stay queued in the Redis client until sent (a dropped release would leave the
// lock a late acquire took). While Redis is unreachable, each refused start leaves one such release in the
// client's offline queue; the script runner bounds how many it keeps waiting, so a flood of starts during an
// outage cannot grow memory without limit. A stub transport that never answers stands in for the unreachable
// Redis: what matters is how each command is handed to the client.
import { describe, expect, it } from 'vitest';
import type { ScriptTransport } from '../../src/redis/redisClient.js';
import { createScriptRunner } from '../../src/redis/scriptRunner.js';
import { RELEASE_LOCK } from '../../src/redis/scripts.js';

interface Sent {
  command: 'evalsha' | 'eval';
  signal: AbortSignal | undefined;
  answer: (reply: unknown) => void;
}

function unreachableRedis() {
  const sent: Sent[] = [];
  const send = (command: Sent['command']) => (_: string, __: string[], ___: string[], signal?: AbortSignal) =>
    new Promise<unknown>((answer) => sent.push({ command, signal, answer }));
  const transport: ScriptTransport = { evalsha: send('evalsha'), eval: send('eval') };
  return { transport, sent };
}

describe('the script runner bounds the releases it keeps queued', () => {
  it('keeps releases queued (EVAL, no abort signal) up to the bound, then sends them droppable', async () => {
    const redis = unreachableRedis();
    const run = createScriptRunner(redis.transport, 10, 3);
    const calls = Array.from({ length: 5 }, () =>
      run('releaseLock', RELEASE_LOCK, ['k'], ['owner'], 'keep-queued').catch((error: unknown) => error),
    );

    expect(redis.sent.map(({ command, signal }) => [command, signal === undefined])).toStrictEqual([
      ['eval', true],
      ['eval', true],
      ['eval', true],
      ['evalsha', false],
      ['evalsha', false],
    ]);
    // Every caller still gets its answer within the tracker's timeout; the droppable ones are aborted then.
    for (const outcome of await Promise.all(calls)) expect(outcome).toBeInstanceOf(Error);
    expect(redis.sent.slice(3).every(({ signal }) => signal?.aborted === true)).toBe(true);
  });

  it('counts only releases still waiting: once Redis answers them, releases are kept queued again', async () => {
    const redis = unreachableRedis();
    const run = createScriptRunner(redis.transport, 1_000, 2);
    const first = run('releaseLock', RELEASE_LOCK, ['k'], ['a'], 'keep-queued');
    const second = run('releaseLock', RELEASE_LOCK, ['k'], ['b'], 'keep-queued');
    for (const { answer } of redis.sent) answer(1);
    await Promise.all([first, second]);

    const third = run('releaseLock', RELEASE_LOCK, ['k'], ['c'], 'keep-queued');
    expect(redis.sent[2]).toMatchObject({ command: 'eval', signal: undefined });
    redis.sent[2]?.answer(1);
    await expect(third).resolves.toBe(1);
  });

  it('stops counting a release however it ends: thrown in the call, rejected, or answered after the timeout', async () => {
    let failure: 'throw' | 'reject' | undefined = 'throw';
    const sent: Sent[] = [];
    const send = (command: Sent['command']) => (_: string, __: string[], ___: string[], signal?: AbortSignal) => {
      if (failure === 'throw') throw new Error('client closed');
      if (failure === 'reject') return Promise.reject(new Error('Connection is closed.'));
      return new Promise<unknown>((answer) => sent.push({ command, signal, answer }));
    };
    const run = createScriptRunner({ evalsha: send('evalsha'), eval: send('eval') }, 10, 1);
    const release = (owner: string) => run('releaseLock', RELEASE_LOCK, ['k'], [owner], 'keep-queued');

    await expect(release('a')).rejects.toThrow(/releaseLock/);
    failure = 'reject';
    await expect(release('b')).rejects.toThrow(/releaseLock/);
    failure = undefined;
    // Neither failure is still counted: this one is kept queued, and its caller gives up after the timeout.
    await expect(release('c')).rejects.toThrow(/did not answer/);
    expect(sent[0]).toMatchObject({ command: 'eval', signal: undefined });
    // Still waiting after its caller's timeout, so it still counts: the next one is sent droppable.
    void release('d').catch(() => undefined);
    expect(sent[1]?.command).toBe('evalsha');
    // Its late answer ends it, and the count comes back down.
    sent[0]?.answer(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    void release('e').catch(() => undefined);
    expect(sent[2]).toMatchObject({ command: 'eval', signal: undefined });
  });
});
