// What the SDK adds over the HTTP layer it is built on (ky) and over a bare `fetch`, measured against a
// loopback Truecaller stand-in in another process (so the server's CPU is not counted). Variants are
// interleaved: each round runs every variant once, in shuffled order, and a ratio is always taken within one
// round. Two clocks per round: wall time (what a caller waits) and this process's CPU time (what the SDK
// itself spends; far less disturbed by other load on a shared machine).

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import ky from 'ky';
import { MemoryTracker, TruecallerClient } from 'truecaller-web-login';
import { formatRatio, formatValue, shuffled } from './stats.js';

type Variant = { name: string; run: () => Promise<unknown> };
type Report = (name: string, value: string) => void;

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

interface Sample {
  wall: number;
  cpu: number;
}

async function timePerOp(run: () => Promise<unknown>, iterations: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < iterations; index++) await run();
  const wall = ((performance.now() - started) * 1000) / iterations; // µs
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / iterations };
}

/** Runs `rounds` interleaved rounds; returns µs/op (wall and CPU) per variant per round. */
async function interleave(variants: Variant[], rounds: number, iterations: number): Promise<Map<string, Sample[]>> {
  const results = new Map(variants.map((variant) => [variant.name, [] as Sample[]]));
  for (const variant of variants) await timePerOp(variant.run, iterations); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const variant of shuffled(variants)) results.get(variant.name)?.push(await timePerOp(variant.run, iterations));
  }
  return results;
}

function ratios(results: Map<string, Sample[]>, name: string, baseline: string, clock: keyof Sample): number[] {
  const of = results.get(name) ?? [];
  const base = results.get(baseline) ?? [];
  return of.map((value, round) => value[clock] / (base[round] as Sample)[clock]);
}

function reportRatios(results: Map<string, Sample[]>, report: Report, label: string, name: string, base: string) {
  report(`${label}, wall ratio`, formatRatio(ratios(results, name, base, 'wall')));
  report(`${label}, CPU ratio`, formatRatio(ratios(results, name, base, 'cpu')));
}

/** A distinct valid Swedish mobile number per call, so the per-number lock never refuses a start. */
export function numbers(): () => string {
  let next = 0;
  return () => `+4676${String(next++ % 10_000_000).padStart(7, '0')}`;
}

/**
 * `fetchProfile` against a bare ky GET and a raw fetch GET; `requestAuthorization` (no tracker, and with
 * MemoryTracker) against a bare ky POST and a raw fetch POST. Same body, same server, same round.
 */
export async function benchOverhead(report: Report, rounds = 61, iterations = 100): Promise<void> {
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
      rounds,
      iterations,
    );
    reportRatios(get, report, 'fetchProfile / bare ky GET', 'sdk', 'ky');
    reportRatios(get, report, 'fetchProfile / raw fetch GET', 'sdk', 'fetch');
    report('  bare ky GET, wall µs per call', formatValue((get.get('ky') ?? []).map((sample) => sample.wall)));
    report('  fetchProfile, wall µs per call', formatValue((get.get('sdk') ?? []).map((sample) => sample.wall)));

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
      rounds,
      iterations,
    );
    reportRatios(start, report, 'requestAuthorization (no tracker) / bare ky POST', 'sdk', 'ky');
    reportRatios(start, report, 'requestAuthorization (MemoryTracker) / bare ky POST', 'sdk+memory', 'ky');
    reportRatios(start, report, 'requestAuthorization (no tracker) / raw fetch POST', 'sdk', 'fetch');
    reportRatios(start, report, 'requestAuthorization (MemoryTracker) / raw fetch POST', 'sdk+memory', 'fetch');
    report('  bare ky POST, wall µs per call', formatValue((start.get('ky') ?? []).map((sample) => sample.wall)));
  } finally {
    await truecaller.stop();
  }
}

/**
 * CPU time of the two calls that run most often: a status poll that answers `pending`, and the acknowledgement of
 * a callback. MemoryTracker, no network: this is the SDK's own cost.
 */
export async function benchHotPaths(report: Report): Promise<void> {
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
  for (let round = 0; round < 9; round++) {
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
