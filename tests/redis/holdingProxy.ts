import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a redis-server that can hold traffic in either direction, for tests that need a
 * command to run late (or its reply to arrive late) on a connection that stays open:
 * - `holdRequests()` stops reading what clients send: their sockets' buffers fill up, as against a busy server
 *   or a starved host, and what a client cannot write waits in its own queue;
 * - `holdReplies()` stops passing Redis's replies on: commands run, their callers hear nothing;
 * - `cut()` drops every connection and refuses new ones until `restore()` (clients reconnect on their own).
 */
export interface HoldingProxy {
  readonly port: number;
  holdRequests(): void;
  holdReplies(): void;
  /** Passes everything held on, and from now on everything as it comes. */
  release(): void;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link HoldingProxy} on a free loopback port that forwards to `127.0.0.1:<redisPort>`. */
export async function startHoldingProxy(redisPort: number): Promise<HoldingProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let requestsHeld = false;
  let repliesHeld = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  /** Forwards `from` to `to` with backpressure, unless `held()` says to stop reading `from`. */
  const forward = (from: Socket, to: Socket, held: () => boolean) => {
    from.on('data', (chunk) => {
      if (!to.write(chunk) || held()) from.pause();
    });
    to.on('drain', () => {
      if (!held()) from.resume();
    });
    if (held()) from.pause();
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: redisPort });
    track(client);
    track(upstream);
    const pair = { client, upstream };
    pairs.add(pair);
    forward(client, upstream, () => requestsHeld);
    forward(upstream, client, () => repliesHeld);
    client.once('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.once('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  const { port } = address;
  const stop = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    port,
    holdRequests() {
      requestsHeld = true;
      for (const { client } of pairs) client.pause();
    },
    holdReplies() {
      repliesHeld = true;
      for (const { upstream } of pairs) upstream.pause();
    },
    release() {
      requestsHeld = false;
      repliesHeld = false;
      for (const { client, upstream } of pairs) {
        client.resume();
        upstream.resume();
      }
    },
    cut: stop,
    restore: () => listen(port),
    close: stop,
  };
}
