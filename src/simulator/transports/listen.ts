import type { SimulatorEngine } from '../engine.js';
import { jsonResponse, NOT_FOUND_BODY, PROFILE_PATH, REQUESTS_PATH } from '../wire.js';

/**
 * Options of `simulator.listen()`.
 *
 * @example
 * ```ts
 * const server = await simulator.listen({ hostname: '127.0.0.1', port: 0 } satisfies ListenOptions)
 * ```
 */
export interface ListenOptions {
  /** Port to listen on. Default 0: a free port chosen by the system. */
  port?: number | undefined;
  /** Interface to listen on. Default `'127.0.0.1'` (loopback only). */
  hostname?: string | undefined;
}

/**
 * A running simulator server, as `simulator.listen()` resolves it.
 *
 * @example
 * ```ts
 * const truecaller = await simulator.listen()
 * const client = new TruecallerClient({ appKey, requestsUrl: truecaller.requestsUrl, profileUrl: truecaller.profileUrl })
 * // …
 * await truecaller.close()
 * ```
 */
export interface SimulatorServer {
  /** The server's origin, e.g. `http://127.0.0.1:43817`. */
  readonly url: string;
  /** The start-call URL: give it to the client as `requestsUrl`. */
  readonly requestsUrl: string;
  /** The profile URL: give it to the client as `profileUrl`. */
  readonly profileUrl: string;
  /** Stops the server and drops every open connection (also hanging and stalled answers). */
  close(): Promise<void>;
}

// The little of node:http this file uses, typed here so that `src/` compiles without Node's types.
interface NodeIncomingMessage extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  socket: { destroy(): void };
}
interface NodeServerResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders(): void;
  end(body?: Uint8Array): void;
  on(event: 'close', listener: () => void): unknown;
  readonly writableFinished: boolean;
}
interface NodeServer {
  listen(port: number, hostname: string, listening: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  address(): { port: number } | string | null;
  close(done: (error?: Error) => void): unknown;
  closeAllConnections?(): void;
}
interface NodeHttp {
  createServer(handler: (request: NodeIncomingMessage, response: NodeServerResponse) => void): NodeServer;
}

/** Largest request body the server reads; Truecaller's requests are tiny. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Serves the simulator on a loopback HTTP server with the runtime's `node:http` (Node, Bun, Deno). `node:http` is
 * imported here, on first use, so importing the simulator works where it does not exist (Workers).
 */
export async function listen(engine: SimulatorEngine, options: ListenOptions = {}): Promise<SimulatorServer> {
  const port = options.port ?? 0;
  const hostname = options.hostname ?? '127.0.0.1';
  if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError('simulator.listen: `port` must be a whole number from 0 to 65535.');
  }
  // A specifier in a variable keeps bundlers for Workers from trying to resolve node:http at build time.
  const specifier = 'node:http';
  let http: NodeHttp;
  try {
    http = (await import(specifier)) as NodeHttp;
  } catch (error) {
    throw new Error(
      'simulator.listen() needs node:http (Node, Bun, Deno), which this runtime lacks; use `simulator.fetch` instead.',
      { cause: error },
    );
  }
  const aborts = new Set<AbortController>();
  let origin = '';

  const server = http.createServer((incoming, outgoing) => {
    const controller = new AbortController();
    aborts.add(controller);
    outgoing.on('close', () => {
      aborts.delete(controller);
      if (!outgoing.writableFinished) controller.abort(new Error('the client went away'));
    });
    void serve(engine, origin, incoming, outgoing, controller.signal).catch(() => {
      incoming.socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator.listen: the server has no port.');
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  origin = `http://${host}:${address.port}`;

  return {
    url: origin,
    requestsUrl: `${origin}${REQUESTS_PATH}`,
    profileUrl: `${origin}${PROFILE_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const controller of aborts) controller.abort(new Error('the simulator closed'));
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Hanging and stalled answers keep their connections open; Deno also keeps idle ones ~90 s without this.
        server.closeAllConnections?.();
      }),
  };
}

async function serve(
  engine: SimulatorEngine,
  origin: string,
  incoming: NodeIncomingMessage,
  outgoing: NodeServerResponse,
  signal: AbortSignal,
): Promise<void> {
  const request = await toRequest(origin, incoming);
  const site = { requestsUrl: `${origin}${REQUESTS_PATH}`, profileUrl: `${origin}${PROFILE_PATH}` };
  const outcome = await engine.answer(request, site, signal);
  switch (outcome.type) {
    case 'response':
      await send(outgoing, outcome.response);
      return;
    case 'reset':
      incoming.socket.destroy();
      return;
    case 'hang':
      return; // the connection stays open until the client gives up or the server closes
    case 'stall':
      outgoing.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.flushHeaders();
      return;
    case 'unrouted':
      await send(outgoing, jsonResponse(NOT_FOUND_BODY, 404));
      return;
  }
}

async function toRequest(origin: string, incoming: NodeIncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? 'GET';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const body = method === 'GET' || method === 'HEAD' ? undefined : concat(chunks, size);
  return new Request(`${origin}${incoming.url ?? '/'}`, { method, headers, ...(body === undefined ? {} : { body }) });
}

async function send(outgoing: NodeServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = new Uint8Array(await response.arrayBuffer());
  outgoing.writeHead(response.status, headers);
  outgoing.end(body);
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
