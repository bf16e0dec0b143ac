// node:http: one listener for the whole app (examples/app.ts's `createApp`). toNodeHandler turns Node's request
// into a web Request whose body the SDK reads itself (with its size limit), so every callback reaches the SDK
// as Truecaller sent it.
import { createServer, type Server } from 'node:http';
import { toNodeHandler } from 'truecaller-web-login/node';
import { type AppOptions, createApp } from '../app.js';
import { configFromEnv, isMain } from '../config.js';

export function createNodeServer(options: AppOptions): Server {
  return createServer(toNodeHandler(createApp(options)));
}

if (isMain(import.meta)) {
  createNodeServer(await configFromEnv()).listen(3000, () => console.log('http://localhost:3000'));
}
