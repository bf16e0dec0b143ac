// The SDK's HTTP path against bare ky and raw fetch with an in-process fetch that answers at once: the SDK's own
// CPU per call, without network noise (the loopback comparison is `overhead.ts`). Prints µs per call (process
// CPU time, median of interleaved rounds) and each variant's ratio to bare ky within the same round.

import ky from 'ky';
import { TruecallerClient } from 'truecaller-web-login';
import { createTransport } from '../../src/http/createTransport.js';
import { median, shuffled, spread } from './stats.js';

const PROFILE = JSON.stringify({
  phoneNumbers: [46761234567],
  countryCode: 'SE',
  gender: 'MALE',
  name: { first: 'Anna', last: 'Svensson' },
  onlineIdentity: { email: 'anna@example.invalid' },
  addresses: [{ countryCode: 'se', city: 'Stockholm' }],
  avatarUrl: 'https://example.invalid/avatar.png',
  isActive: true,
  createdTime: 1379314068000,
});
const ACCEPTED = JSON.stringify({ requestId: '92849748hueh9' });
const TOKEN = 'a3sAB0KnGANg4VZwIXfhUyFmPbzoONofl4FjIItac0JQSODp6niW8oBr33uOI-u7';
const APP_KEY = 'bench-app-key';

type Variant = [name: string, run: () => Promise<unknown>];

function variants(fetchImpl: typeof fetch, profileUrl: string, requestsUrl: string): Variant[] {
  const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: fetchImpl, profileUrl, requestsUrl });
  const transport = createTransport({ fetch: fetchImpl, timeout: 10_000, maxResponseBytes: 256 * 1024 });
  const auth = { authorization: `Bearer ${TOKEN}` };
  const startBody = { phoneNumber: 46761234567 };
  return [
    ['GET  raw fetch + json()', async () => (await fetchImpl(profileUrl, { headers: auth })).json()],
    ['GET  bare ky.get().json()', () => ky.get(profileUrl, { fetch: fetchImpl, headers: auth }).json()],
    [
      'GET  SDK transport alone',
      // The headers the client sends (the transport adds none of its own).
      () =>
        transport({
          operation: 'fetchProfile',
          method: 'get',
          url: profileUrl,
          headers: { accept: 'application/json', ...auth },
          retry: 2,
        }),
    ],
    ['GET  client.fetchProfile()', () => client.fetchProfile(TOKEN)],
    [
      'POST raw fetch + json()',
      async () =>
        (
          await fetchImpl(requestsUrl, {
            method: 'POST',
            headers: { appKey: APP_KEY, 'content-type': 'application/json' },
            body: JSON.stringify(startBody),
          })
        ).json(),
    ],
    [
      'POST bare ky.post().json()',
      () => ky.post(requestsUrl, { fetch: fetchImpl, headers: { appKey: APP_KEY }, json: startBody }).json(),
    ],
    [
      'POST SDK transport alone',
      () =>
        transport({
          operation: 'requestAuthorization',
          method: 'post',
          url: requestsUrl,
          headers: { accept: 'application/json', appKey: APP_KEY },
          json: startBody,
          retry: 0,
        }),
    ],
    [
      'POST client.requestAuthorization() (no tracker)',
      () => client.requestAuthorization({ phoneNumber: '+46761234567' }),
    ],
  ];
}

/** Microseconds since `start`: process CPU time (robust to other load on a shared machine). */
type Clock = { start: () => unknown; elapsedUs: (start: unknown) => number };
const cpuClock: Clock = {
  start: () => process.cpuUsage(),
  elapsedUs: (start) => {
    const used = process.cpuUsage(start as NodeJS.CpuUsage);
    return used.user + used.system;
  },
};

async function measure(
  label: string,
  list: Variant[],
  rounds: number,
  callsPerRound: number,
  clock: Clock,
): Promise<void> {
  const perCall = new Map<string, number[]>(list.map(([name]) => [name, []]));
  for (const [, run] of list) for (let index = 0; index < Math.min(callsPerRound, 500); index++) await run(); // warm-up
  for (let round = 0; round < rounds; round++) {
    // Shuffled each round: a fixed rotation keeps each variant right after the same neighbour, whose garbage it
    // then collects, and that bias was as large as the differences measured.
    for (const [name, run] of shuffled(list)) {
      const started = clock.start();
      for (let index = 0; index < callsPerRound; index++) await run();
      perCall.get(name)?.push(clock.elapsedUs(started) / callsPerRound);
    }
  }
  console.log(`\n${label}: ${rounds} interleaved rounds x ${callsPerRound} calls per variant`);
  console.log(`${'variant'.padEnd(50)} ${'µs/call'.padStart(9)}   ratio to bare ky (median, p10–p90 of rounds)`);
  for (const [name, samples] of perCall) {
    const baseline = perCall.get(name.startsWith('GET') ? 'GET  bare ky.get().json()' : 'POST bare ky.post().json()');
    const ratios = samples.map((value, index) => value / (baseline?.[index] ?? Number.NaN));
    const { low, high } = spread(ratios);
    const mid = median(ratios);
    console.log(
      `${name.padEnd(50)} ${median(samples).toFixed(1).padStart(9)}   ${mid.toFixed(2)}x [${low.toFixed(2)}–${high.toFixed(2)}]`,
    );
  }
}

const PROFILE_HEADERS = { 'content-type': 'application/json', 'content-length': String(PROFILE.length) };
const ACCEPTED_HEADERS = { 'content-type': 'application/json', 'content-length': String(ACCEPTED.length) };

/** Answers as a server does, with a `Content-Length` (both bodies are ASCII, so characters are bytes). */
const instantFetch: typeof fetch = async (input, init) => {
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return method === 'POST'
    ? new Response(ACCEPTED, { headers: ACCEPTED_HEADERS })
    : new Response(PROFILE, { headers: PROFILE_HEADERS });
};

/** In-process CPU comparison; prints its own table (eight variants do not fit the one-line report). */
export async function benchTransport(rounds = 21, callsPerRound = 1_000): Promise<void> {
  await measure(
    'In-process fetch that answers at once: CPU µs per call',
    variants(
      instantFetch,
      'https://profile4.truecaller.com/v1/default',
      'https://api4.truecaller.com/v1/apps/requests',
    ),
    rounds,
    callsPerRound,
    cpuClock,
  );
}
