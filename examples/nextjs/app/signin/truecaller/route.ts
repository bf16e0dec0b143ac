// app/signin/truecaller/route.ts: POST {phoneNumber} starts a sign-in.
import { truecallerRoutes } from '../../../lib/truecaller.js';

export const POST = (request: Request) => truecallerRoutes().start(request);
