// Express: the Truecaller routes go BEFORE any body parser. express.json() would read (and for malformed or
// text/plain callbacks, refuse or empty) the body before the SDK sees it; toExpressHandler streams the raw
// body to the SDK instead, and says so through next(error) if a parser got there first.
import express from 'express';
import { toExpressHandler } from 'truecaller-web-login/node';
import { type AppOptions, createAppRoutes, PATHS } from '../app.js';
import { configFromEnv, isMain } from '../config.js';
import { signedIn, signInPage } from '../session.js';

export function createExpressApp(options: AppOptions): express.Express {
  const routes = createAppRoutes(options);
  const app = express();

  app.post(`${PATHS.callback}:secret`, toExpressHandler(routes.callback));
  app.post(PATHS.start, toExpressHandler(routes.start));
  app.get(PATHS.status, toExpressHandler(routes.status));
  app.post(PATHS.cancel, toExpressHandler(routes.cancel));

  // The rest of the app, with its parsers.
  app.use(express.json());
  app.get(
    PATHS.page,
    toExpressHandler(async (request) => signInPage(request)),
  );
  app.get('/me', (req, res) => {
    const sessionId = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const user = sessionId === undefined ? undefined : signedIn.get(sessionId);
    res.status(user === undefined ? 401 : 200).json(user ?? { error: 'signed_out' });
  });
  app.post('/echo', (req, res) => {
    res.json({ received: req.body });
  });
  return app;
}

if (isMain(import.meta)) {
  createExpressApp(await configFromEnv()).listen(3000, () => console.log('http://localhost:3000'));
}
