import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection, type Socket } from 'node:net';

/**
 * A loopback HTTP server that speaks Upstash Redis's documented REST protocol in front of a REAL redis-server.
 * It is the only stand-in in the Upstash tests: commands are executed by redis-server (Lua, expiry, atomicity
 * are Redis's own), and this layer only translates, as Upstash's proxy does:
 *
 * - `POST /` with a JSON array `["CMD", "arg", ...]` runs one command; `POST /pipeline` and `POST /multi-exec`
 *   take a 2-D array (the second inside `MULTI`/`EXEC`). This is what `@upstash/redis` sends.
 * - `Authorization: Bearer <token>` (or `?_token=`) is required: 401 `{"error":"Unauthorized"}` otherwise.
 * - Replies: `{"result": …}` with integers as numbers, nil as `null`, strings as strings (invalid UTF-8
 *   replaced by U+FFFD), arrays as arrays; a Redis error is `{"error":"ERR …"}` with status 400 (in a pipeline,
 *   that item only, status 200).
 * - `Upstash-Encoding: base64` (the client's default): every string in the result is base64, except a plain
 *   `OK` status reply.
 *
 * Not implemented (the client never uses them here): path-style commands (`/set/foo/bar`), `resp2` response
 * format, read-your-writes sync tokens, `/monitor` and `/subscribe`.
 *
 * @example
 * ```ts
 * const upstash = await startUpstashRestServer({ redisPort: redis.port })
 * const client = new Redis({ url: upstash.url, token: upstash.token })
 * ```
 */
export interface UpstashRestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The bearer token the server accepts. */
  readonly token: string;
  /** How many HTTP requests it has answered since it started (for round-trip counts). */
  readonly requests: number;
  /** Listens again on the same port (after {@link UpstashRestServer.stop}). */
  start(): Promise<void>;
  /** Closes the listener and every open connection, and the connection to Redis. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the REST layer on a free loopback port, forwarding to the redis-server on `redisPort`. */
export async function startUpstashRestServer(options: { redisPort: number }): Promise<UpstashRestServer> {
  const token = `test-token-${crypto.randomUUID()}`;
  let redis: RespConnection | undefined;
  let http: Server | undefined;
  let port = 0;
  let requests = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    requests++;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const bearer = request.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? url.searchParams.get('_token');
    if (bearer !== token) return send(response, 401, { error: 'Unauthorized' });
    if (request.method !== 'POST') return send(response, 405, { error: 'Method Not Allowed' });
    const base64 = request.headers['upstash-encoding'] === 'base64';
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return send(response, 400, { error: 'ERR failed to parse the request body as JSON' });
    }
    redis ??= await RespConnection.open(options.redisPort);
    const connection = redis;
    try {
      if (url.pathname === '/') {
        const command = commandOf(body);
        if (command === undefined) return send(response, 400, { error: 'ERR the body must be a JSON array' });
        const reply = await connection.send(command);
        return reply instanceof RedisError
          ? send(response, 400, { error: reply.message })
          : send(response, 200, { result: toJson(reply, base64) });
      }
      if (url.pathname === '/pipeline' || url.pathname === '/multi-exec') {
        const commands = Array.isArray(body) ? body.map(commandOf) : [];
        if (commands.length === 0 || commands.some((command) => command === undefined)) {
          return send(response, 400, { error: 'ERR the body must be a 2-D JSON array of commands' });
        }
        const replies = await runBatch(connection, commands as string[][], url.pathname === '/multi-exec');
        if (replies instanceof RedisError) return send(response, 400, { error: replies.message });
        return send(
          response,
          200,
          replies.map((reply) =>
            reply instanceof RedisError ? { error: reply.message } : { result: toJson(reply, base64) },
          ),
        );
      }
      return send(response, 400, { error: 'ERR unsupported endpoint in this stand-in' });
    } catch {
      // Redis is unreachable: Upstash answers with a server error; the client then throws.
      redis = undefined;
      connection.close();
      return send(response, 500, { error: 'ERR the database is unreachable' });
    }
  };

  const server: UpstashRestServer = {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    token,
    get requests() {
      return requests;
    },
    async start() {
      if (http !== undefined) throw new Error('the Upstash REST stand-in is already running');
      http = createServer((request, response) => {
        handle(request, response).catch(() => send(response, 500, { error: 'ERR internal error' }));
      });
      const listening = http;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(port, '127.0.0.1', () => resolve());
      });
      const address = listening.address();
      if (address === null || typeof address === 'string') throw new Error('the stand-in has no port');
      port = address.port;
    },
    async stop() {
      const running = http;
      http = undefined;
      redis?.close();
      redis = undefined;
      if (running === undefined) return;
      running.closeAllConnections();
      await new Promise<void>((resolve) => running.close(() => resolve()));
    },
  };
  await server.start();
  return server;
}

async function runBatch(
  redis: RespConnection,
  commands: string[][],
  atomic: boolean,
): Promise<(Reply | RedisError)[] | RedisError> {
  if (!atomic) return Promise.all(commands.map((command) => redis.send(command)));
  // MULTI ... EXEC on one connection, sent back to back: nothing from another request can run in between.
  const sent = [redis.send(['MULTI']), ...commands.map((command) => redis.send(command)), redis.send(['EXEC'])];
  const replies = await Promise.all(sent);
  const queued = replies.slice(1, -1).find((reply) => reply instanceof RedisError);
  if (queued instanceof RedisError) return queued;
  const exec = replies.at(-1);
  if (exec instanceof RedisError) return exec;
  if (!Array.isArray(exec)) return new RedisError('EXECABORT Transaction discarded');
  return exec;
}

function commandOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const command: string[] = [];
  for (const part of value) {
    if (typeof part === 'string') command.push(part);
    else if (typeof part === 'number' || typeof part === 'boolean') command.push(String(part));
    else return undefined;
  }
  return command;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const json = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
  });
}

// --- The JSON encoding of replies -------------------------------------------------------------------------

/** A RESP2 reply: a status (simple string), a bulk string, an integer, nil or an array of replies. */
type Reply = Status | Buffer | number | null | (Reply | RedisError)[];

class Status {
  constructor(readonly text: string) {}
}

class RedisError {
  constructor(readonly message: string) {}
}

function toJson(reply: Reply | RedisError, base64: boolean): unknown {
  if (reply === null || typeof reply === 'number') return reply;
  if (reply instanceof RedisError) return reply.message;
  if (reply instanceof Status) {
    return base64 && reply.text !== 'OK' ? Buffer.from(reply.text).toString('base64') : reply.text;
  }
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  return reply.map((member) => toJson(member, base64));
}

// --- A minimal RESP2 connection to the real redis-server -------------------------------------------------------

class RespConnection {
  readonly #socket: Socket;
  readonly #waiting: { resolve: (reply: Reply | RedisError) => void; reject: (error: Error) => void }[] = [];
  #buffer: Buffer = Buffer.alloc(0);
  #failed: Error | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    const fail = (error: Error) => {
      this.#failed ??= error;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection to redis-server closed')));
  }

  static open(port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RespConnection(socket));
      });
    });
  }

  send(command: string[]): Promise<Reply | RedisError> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    const parts = command.map((part) => {
      const bytes = Buffer.from(part, 'utf8');
      return Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n')]);
    });
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(Buffer.concat([Buffer.from(`*${command.length}\r\n`), ...parts]));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const parsed = parseReply(this.#buffer, 0);
      if (parsed === undefined) return;
      this.#buffer = this.#buffer.subarray(parsed.end);
      this.#waiting.shift()?.resolve(parsed.reply);
    }
  }
}

/** Parses one reply at `offset`; `undefined` when the buffer does not hold all of it yet. */
function parseReply(buffer: Buffer, offset: number): { reply: Reply | RedisError; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { reply: new Status(line), end: next };
    case '-':
      return { reply: new RedisError(line), end: next };
    case ':':
      return { reply: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length === -1) return { reply: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: Buffer.from(buffer.subarray(next, next + length)), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count === -1) return { reply: null, end: next };
      const members: (Reply | RedisError)[] = [];
      let at = next;
      for (let i = 0; i < count; i++) {
        const member = parseReply(buffer, at);
        if (member === undefined) return undefined;
        members.push(member.reply);
        at = member.end;
      }
      return { reply: members, end: at };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}
