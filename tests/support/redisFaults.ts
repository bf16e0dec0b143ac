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
