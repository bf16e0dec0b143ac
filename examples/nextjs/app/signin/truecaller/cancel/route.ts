// app/signin/truecaller/cancel/route.ts: POST {requestId} when the browser gives up (an OTP fallback).
import { truecallerRoutes } from '../../../../lib/truecaller.js';

export const POST = (request: Request) => truecallerRoutes().cancel(request);
