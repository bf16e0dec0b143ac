import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a redis-server, for tests that need the network to fail while Redis itself keeps
 * running (and keeps its data and loaded scripts): `cut()` drops every connection and refuses new ones, so
 * clients go into their reconnect loop and queue commands offline; `restore()` lets them back in.
 */
export interface RedisProxy {
  readonly port: number;
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
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    const upstream = createConnection({ host: '127.0.0.1', port: redisPort });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
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
    cut: stop,
    restore: () => listen(port),
    close: stop,
  };
}
