// `npm run test:load`: issue 6's load proof. N sign-ins (default 10,000) through the public API
// (`requestAuthorization` → Truecaller's callback → `handleCallback` → `completeSignIn` polls) against the
// simulator in another process (a loopback `listen()` server that POSTs its callbacks to this process's
// callback route), once with 1,000 in flight and once all at once, on MemoryTracker, RedisTracker over ioredis
// and over node-redis (default client options, a real redis-server on a free loopback port, stopped by pid).
// Prints a table and exits 1 when a goal is missed (see goals.ts). Stops by itself: every sign-in is bounded in
// polls and time, and a watchdog ends the whole run.
//
//   npm run test:load                      10,000 sign-ins per run (the documented figures)
//   npm run test:load -- --ci              2,000 sign-ins per run (CI)
//   npm run test:load -- --sign-ins=500 --trackers=memory,ioredis --modes=at-once
import { loadavg } from 'node:os';
import { isRedisServerOnPath, type RedisServer, startRedisServer } from '../../tests/support/redisServer.js';
import { startCallbackServer } from './callbackServer.js';
import { formatTable, missedGoals } from './goals.js';
import { type RunFigures, runLoad } from './runLoad.js';
import { createLoadTracker, TRACKER_NAMES, type TrackerName } from './trackers.js';

const IN_FLIGHT = 1_000;
const MODES = ['in-flight', 'at-once'] as const;
type Mode = (typeof MODES)[number];

interface Args {
  signIns: number;
  trackers: TrackerName[];
  modes: Mode[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { signIns: 10_000, trackers: [...TRACKER_NAMES], modes: [...MODES] };
  for (const arg of argv) {
    const [flag, value = ''] = arg.split('=', 2);
    if (flag === '--ci') args.signIns = 2_000;
    else if (flag === '--sign-ins' && /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100_000) {
      args.signIns = Number(value);
    } else if (flag === '--trackers') {
      args.trackers = value.split(',').map((name) => {
        if (!(TRACKER_NAMES as readonly string[]).includes(name)) throw new Error(`unknown tracker: ${name}`);
        return name as TrackerName;
      });
    } else if (flag === '--modes') {
      args.modes = value.split(',').map((mode) => {
        if (!(MODES as readonly string[]).includes(mode)) throw new Error(`unknown mode: ${mode}`);
        return mode as Mode;
      });
    } else throw new Error(`unknown argument: ${arg} (use --ci, --sign-ins=N, --trackers=…, --modes=…)`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const runs: RunFigures[] = [];
  // The whole run ends by itself: sign-ins give up after 60 s; this catches a harness that hangs. Stopped early
  // (the watchdog, Ctrl-C, SIGTERM), it prints the runs done so far.
  const stopEarly = (why: string) => {
    console.log(`\ntest:load: ${why}; runs done so far:\n${formatTable(runs)}`);
    process.exit(1);
  };
  const watchdog = setTimeout(() => stopEarly('watchdog: the run took more than 30 minutes'), 30 * 60_000);
  watchdog.unref();
  process.once('SIGINT', () => stopEarly('interrupted'));
  process.once('SIGTERM', () => stopEarly('terminated'));

  const needsRedis = args.trackers.some((name) => name !== 'memory');
  if (needsRedis && !isRedisServerOnPath()) throw new Error('redis-server is not on PATH');
  const redis: RedisServer | undefined = needsRedis ? await startRedisServer() : undefined;
  const callbackServer = await startCallbackServer();
  console.log(
    `test:load: ${args.signIns.toLocaleString('en')} sign-ins per run; trackers ${args.trackers.join(', ')}; ` +
      `load average ${loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
  );
  try {
    let firstNumber = 46_700_000_000;
    for (const name of args.trackers) {
      for (const mode of args.modes) {
        const tracker = await createLoadTracker(name, redis?.url);
        try {
          const inFlight = mode === 'in-flight' ? Math.min(IN_FLIGHT, args.signIns) : args.signIns;
          const figures = await runLoad({ tracker, callbackServer, signIns: args.signIns, inFlight, firstNumber });
          runs.push(figures);
          console.log(
            `${formatTable([figures]).split('\n')[2]}\n  callbacks ${JSON.stringify(figures.callbacks)}, ` +
              `store errors repeated ${figures.storeErrorsRepeated}`,
          );
        } finally {
          await tracker.close();
        }
        firstNumber += 100_000;
      }
    }
  } finally {
    await callbackServer.close();
    await redis?.stop();
  }
  console.log(`\n${formatTable(runs)}\n`);
  const missed = runs.flatMap(missedGoals);
  if (args.modes.includes('in-flight') && args.signIns <= IN_FLIGHT) {
    console.log(`note: ${args.signIns} sign-ins do not exceed ${IN_FLIGHT} in flight; both runs are all at once`);
  }
  console.log(
    `load average now ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  if (missed.length === 0) {
    console.log('test:load: every goal met');
    return 0;
  }
  console.log(`test:load: goals missed:\n${missed.map((line) => `  - ${line}`).join('\n')}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('test:load failed to run:', error);
    process.exit(2);
  },
);
