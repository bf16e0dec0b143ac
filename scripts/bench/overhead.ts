// What the SDK adds over the HTTP layer it is built on (ky) and over a bare `fetch`, measured against a
// loopback Truecaller stand-in in another process. Variants are interleaved: each round runs every variant once,
// in shuffled order, and a ratio is always taken within one round.

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import ky from 'ky';
import { MemoryTracker, TruecallerClient } from 'truecaller-web-login';
import { formatRatio, formatValue, shuffled } from './stats.js';

type Variant = { name: string; run: () => Promise<unknown> };

/** Starts the stand-in and resolves with its base URL and a stop function. */
async function startLoopbackTruecaller(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [new URL('./loopbackTruecaller.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const port = Number.parseInt(chunk.toString('utf8'), 10);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function timePerOp(run: () => Promise<unknown>, iterations: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < iterations; index++) await run();
  return ((performance.now() - started) * 1000) / iterations; // µs
}

/** Runs `rounds` interleaved rounds; returns µs/op per variant per round. */
async function interleave(variants: Variant[], rounds: number, iterations: number): Promise<Map<string, number[]>> {
  const results = new Map(variants.map((variant) => [variant.name, [] as number[]]));
  for (const variant of variants) await timePerOp(variant.run, iterations); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const variant of shuffled(variants)) results.get(variant.name)?.push(await timePerOp(variant.run, iterations));
  }
  return results;
}

function ratios(results: Map<string, number[]>, name: string, baseline: string): number[] {
  const of = results.get(name) ?? [];
  const base = results.get(baseline) ?? [];
  return of.map((value, round) => value / (base[round] as number));
}

/** A distinct valid Swedish mobile number per call, so the per-number lock never refuses a start. */
function numbers(): () => string {
  let next = 0;
  return () => `+4676${String(next++ % 10_000_000).padStart(7, '0')}`;
}

export async function benchOverhead(report: (name: string, value: string) => void): Promise<void> {
  const truecaller = await startLoopbackTruecaller();
  try {
    const requestsUrl = `${truecaller.url}/v1/apps/requests`;
    const profileUrl = `${truecaller.url}/v1/default`;
    const token = 'a'.repeat(64);
    const bare = ky.create({ retry: 0 });
    const plain = new TruecallerClient({ appKey: 'bench', tracker: false, requestsUrl, profileUrl });
    const tracked = new TruecallerClient({
      appKey: 'bench',
      tracker: new MemoryTracker({ maxEntries: 1_000_000 }),
      requestsUrl,
      profileUrl,
    });
    const nextPlain = numbers();
    const nextTracked = numbers();
    const postInit = {
      method: 'POST',
      headers: { appKey: 'bench', 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ phoneNumber: 46761234567, state: 's' }),
    };

    const get = await interleave(
      [
        {
          name: 'fetch',
          run: async () => (await fetch(profileUrl, { headers: { authorization: `Bearer ${token}` } })).json(),
        },
        { name: 'ky', run: () => bare.get(profileUrl, { headers: { authorization: `Bearer ${token}` } }).json() },
        { name: 'sdk', run: () => plain.fetchProfile(token) },
      ],
      15,
      300,
    );
    report('fetchProfile vs bare ky GET .json(), ratio', formatRatio(ratios(get, 'sdk', 'ky')));
    report('fetchProfile vs bare fetch GET .json(), ratio', formatRatio(ratios(get, 'sdk', 'fetch')));
    report('  bare ky GET, µs per call', formatValue(get.get('ky') ?? []));

    const start = await interleave(
      [
        { name: 'fetch', run: async () => (await fetch(requestsUrl, postInit)).json() },
        {
          name: 'ky',
          run: () =>
            bare
              .post(requestsUrl, { headers: { appKey: 'bench' }, json: { phoneNumber: 46761234567, state: 's' } })
              .json(),
        },
        { name: 'sdk', run: () => plain.requestAuthorization({ phoneNumber: nextPlain(), state: 's' }) },
        { name: 'sdk+memory', run: () => tracked.requestAuthorization({ phoneNumber: nextTracked(), state: 's' }) },
      ],
      15,
      300,
    );
    report('requestAuthorization (no tracker) vs bare ky POST, ratio', formatRatio(ratios(start, 'sdk', 'ky')));
    report(
      'requestAuthorization (MemoryTracker) vs bare ky POST, ratio',
      formatRatio(ratios(start, 'sdk+memory', 'ky')),
    );
    report('requestAuthorization (no tracker) vs bare fetch POST, ratio', formatRatio(ratios(start, 'sdk', 'fetch')));
    report(
      'requestAuthorization (MemoryTracker) vs bare fetch POST, ratio',
      formatRatio(ratios(start, 'sdk+memory', 'fetch')),
    );
    report('  bare ky POST, µs per call', formatValue(start.get('ky') ?? []));
  } finally {
    await truecaller.stop();
  }
}

/**
 * CPU time of the two calls that run most often: a status poll that answers `pending`, and the acknowledgement of
 * a callback. MemoryTracker, no network: this is the SDK's own cost.
 */
export async function benchHotPaths(report: (name: string, value: string) => void): Promise<void> {
  const count = 20_000;
  let counter = 0;
  const client = new TruecallerClient({
    appKey: 'bench',
    tracker: new MemoryTracker({ maxEntries: 1_000_000 }),
    fetch: async () => Response.json({ requestId: `hot-${counter++}` }),
  });
  const next = numbers();
  const pollSamples: number[] = [];
  const ackSamples: number[] = [];
  for (let round = 0; round < 7; round++) {
    const ids: string[] = [];
    for (let index = 0; index < count; index++) {
      ids.push((await client.requestAuthorization({ phoneNumber: next(), state: 'state' })).requestId);
    }
    let cpu = process.cpuUsage();
    for (const requestId of ids) await client.completeSignIn(requestId, { state: 'state' });
    cpu = process.cpuUsage(cpu);
    pollSamples.push((cpu.user + cpu.system) / count);
    cpu = process.cpuUsage();
    for (const requestId of ids)
      await client.handleCallback({ requestId, accessToken: 'a'.repeat(64), state: 'state' });
    cpu = process.cpuUsage(cpu);
    ackSamples.push((cpu.user + cpu.system) / count);
  }
  report('status poll answering pending (MemoryTracker), CPU µs', formatValue(pollSamples));
  report('callback acknowledgement (MemoryTracker), CPU µs', formatValue(ackSamples));
}
