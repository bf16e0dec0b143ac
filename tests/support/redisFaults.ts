import { inspect } from 'node:util';

/** A fresh id, so tests sharing one redis-server never meet each other's keys. */
export function newId(label: string): string {
  return `${label}-${crypto.randomUUID()}`;
}

/** Everything an error could show in a log: message, stack, own properties, causes. */
export function everythingIn(error: unknown): string {
  return inspect(error, { depth: 10, showHidden: true });
}

/** The Error a promise rejects with; fails the test if it resolves or rejects with a non-Error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error('rejected with a non-Error');
  }
  throw new Error('resolved, expected a rejection');
}

/** Retries `attempt` until it resolves (clients reconnect on their own after Redis comes back). */
export async function eventually<T>(attempt: () => Promise<T>, withinMs = 5_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Waits real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A client whose commands run at once but whose replies reach the caller `delayMs` later: what a slow network,
 * a saturated event loop or a failover pause looks like to the tracker. The command has run on the server by the
 * time the tracker gives up on it.
 */
export function lateReplies<Client extends object>(client: Client, delayMs: number): Client {
  const late = <T>(reply: Promise<T>): Promise<T> =>
    reply.then(
      async (value) => {
        await sleep(delayMs);
        return value;
      },
      async (error: unknown) => {
        await sleep(delayMs);
        throw error;
      },
    );
  const wrapped = client as {
    call?: (...args: never[]) => Promise<unknown>;
    sendCommand?: (...args: never[]) => Promise<unknown>;
  };
  if (typeof wrapped.call === 'function') {
    const call = wrapped.call.bind(client);
    return { call: (...args: never[]) => late(call(...args)) } as unknown as Client;
  }
  if (typeof wrapped.sendCommand === 'function') {
    const sendCommand = wrapped.sendCommand.bind(client);
    return { sendCommand: (...args: never[]) => late(sendCommand(...args)) } as unknown as Client;
  }
  throw new TypeError('lateReplies: not an ioredis or node-redis client');
}
