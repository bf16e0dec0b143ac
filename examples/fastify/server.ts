// Fastify: the plugin mounts the routes in their own encapsulated scope, whose content-type parsers read
// nothing, so the callback body streams to the SDK unparsed; the rest of the app keeps Fastify's parsers.
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyTruecallerRoutes } from 'truecaller-web-login/node';
import { type AppOptions, createAppRoutes } from '../app.js';
import { configFromEnv, isMain } from '../config.js';
import { signInPage } from '../session.js';

export async function createFastifyApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify();
  // POST /truecaller/start, POST /truecaller/callback/<secret>, GET /truecaller/status, POST /truecaller/cancel
  await app.register(fastifyTruecallerRoutes, { routes: createAppRoutes(options), prefix: '/truecaller' });

  // The rest of the app, with Fastify's JSON parser.
  app.get('/', async (request, reply) => {
    const page = signInPage(
      new Request(`http://localhost${request.url}`, { headers: { cookie: request.headers.cookie ?? '' } }),
    );
    return reply.send(page);
  });
  app.post('/echo', async (request) => ({ received: request.body }));
  return app;
}

if (isMain(import.meta)) {
  const app = await createFastifyApp(await configFromEnv());
  console.log(await app.listen({ port: 3000 }));
}
