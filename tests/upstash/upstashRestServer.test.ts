// The Upstash stand-in is test support, but the Upstash suites are only as good as its fidelity to Upstash's
// documented REST protocol, so these pin what it does, through the real @upstash/redis client and raw fetch.
import { Redis } from '@upstash/redis';
import { describe, expect, it } from 'vitest';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { useUpstashStandIn } from '../support/upstashStandIn.js';

describe.runIf(shouldRunRedisSuites())('the Upstash REST stand-in', () => {
  const { upstash } = useUpstashStandIn();

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${upstash.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${upstash.token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('runs a command posted as a JSON array and answers {"result"}, with integers, nil and arrays', async () => {
    const key = `stand-in-${crypto.randomUUID()}`;
    expect(await (await post('/', ['SET', key, 'bar'])).json()).toEqual({ result: 'OK' });
    expect(await (await post('/', ['GET', key])).json()).toEqual({ result: 'bar' });
    expect(await (await post('/', ['INCR', `${key}:n`])).json()).toEqual({ result: 1 });
    expect(await (await post('/', ['GET', `${key}:none`])).json()).toEqual({ result: null });
    expect(await (await post('/', ['EVAL', "return {'a', 1}", '0'])).json()).toEqual({ result: ['a', 1] });
  });

  it('base64-encodes every string but a plain OK when asked to (Upstash-Encoding: base64)', async () => {
    const key = `stand-in-${crypto.randomUUID()}`;
    const base64 = { 'upstash-encoding': 'base64' };
    expect(await (await post('/', ['SET', key, 'bär'], base64)).json()).toEqual({ result: 'OK' });
    expect(await (await post('/', ['GET', key], base64)).json()).toEqual({
      result: Buffer.from('bär').toString('base64'),
    });
    expect(await (await post('/', ['PING'], base64)).json()).toEqual({
      result: Buffer.from('PONG').toString('base64'),
    });
  });

  it('answers a Redis error with 400 {"error"}, and per item in a pipeline', async () => {
    const failed = await post('/', ['EVALSHA', '0'.repeat(40), '0']);
    expect(failed.status).toBe(400);
    expect(await failed.json()).toEqual({ error: expect.stringMatching(/^NOSCRIPT/) });

    const pipeline = await post('/pipeline', [
      ['SET', 'stand-in-pipeline', 'x'],
      ['INCR', 'stand-in-pipeline'],
    ]);
    expect(pipeline.status).toBe(200);
    expect(await pipeline.json()).toEqual([{ result: 'OK' }, { error: expect.stringMatching(/^ERR/) }]);
  });

  it('refuses a request without the bearer token', async () => {
    const refused = await fetch(upstash.url, { method: 'POST', body: JSON.stringify(['PING']) });
    expect(refused.status).toBe(401);
    const wrong = new Redis({ url: upstash.url, token: 'not-the-token', retry: false });
    await expect(wrong.ping()).rejects.toThrow(/Unauthorized/);
  });

  it('serves the real client: commands, scripts, NOSCRIPT, pipelines and transactions', async () => {
    const client = new Redis({ url: upstash.url, token: upstash.token, retry: false });
    const key = `stand-in-${crypto.randomUUID()}`;
    await client.set(key, 'value');
    expect(await client.get(key)).toBe('value');
    expect(await client.eval("return redis.call('GET', KEYS[1])", [key], [])).toBe('value');
    await expect(client.evalsha('0'.repeat(40), [], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await client.pipeline().incr(`${key}:n`).incr(`${key}:n`).exec()).toEqual([1, 2]);
    expect(await client.multi().incr(`${key}:n`).get(`${key}:n`).exec()).toEqual([3, 3]);
  });
});
