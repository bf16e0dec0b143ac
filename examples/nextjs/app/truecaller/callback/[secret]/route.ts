// app/truecaller/callback/[secret]/route.ts: Truecaller's POST. Route handlers get the raw body, so the SDK
// reads the callback itself, whatever its content type.
import { truecallerRoutes } from '../../../../lib/truecaller.js';

export const POST = (request: Request) => truecallerRoutes().callback(request);
