import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a redis-server, for tests that need the network to fail while Redis itself keeps
 * running (and keeps its data and loaded scripts), or a command to run late (or its reply to arrive late) on a
 * connection that stays open:
 * - `holdRequests()` stops reading what clients send: their sockets' buffers fill up, as against a busy server
 *   or a starved host, and what a client cannot write waits in its own queue;
 * - `holdReplies()` stops passing Redis's replies on: commands run, their callers hear nothing;
 * - `cut()` drops every connection and refuses new ones until `restore()` (clients reconnect on their own).
 */
export interface RedisProxy {
  readonly port: number;
  holdRequests(): void;
  holdReplies(): void;
  /** Passes everything held on, and from now on everything as it comes. */
  release(): void;
  /** Drops every open connection and stops listening until {@link RedisProxy.restore}. */
  cut(): Promise<void>;
  /** Listens on the same port again. */
  restore(): Promise<void>;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free loopback port that forwards to `127.0.0.1:<redisPort>`.
 *
 * @example
 * ```ts
 * const proxy = await startRedisProxy(server.port);
 * const client = await ioredisClient(proxy.port, { offlineQueue: true });
 * await proxy.cut(); // commands now wait in the client's offline queue
 * ```
 */
export async function startRedisProxy(redisPort: number): Promise<RedisProxy> {
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
  // While cut, nothing listens: clients get ECONNREFUSED, as from a host that is down, rather than a
  // connection that opens and closes (which makes them flap between connected and not).
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
