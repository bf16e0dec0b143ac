// app/signin/truecaller/status/route.ts: GET ?requestId= is the browser's poll.
import { truecallerRoutes } from '../../../../lib/truecaller.js';

export const GET = (request: Request) => truecallerRoutes().status(request);
// A poll's answer changes from one request to the next: never prerender or cache it.
export const dynamic = 'force-dynamic';
