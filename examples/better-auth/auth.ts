// The app's Better Auth: PostgreSQL, the phoneNumber plugin (OTP) and the Truecaller plugin, sharing users.
import { betterAuth } from 'better-auth';
import { phoneNumber } from 'better-auth/plugins';
import type { Pool } from 'pg';
import { MemoryTracker, type TruecallerClientOptions } from 'truecaller-web-login';
import { truecaller } from 'truecaller-web-login/better-auth';

export interface AppAuthOptions {
  pool: Pool;
  /** Where the app is served, e.g. `https://app.example`; the auth routes live under `/api/auth`. */
  baseURL: string;
  /** Better Auth's secret: at least 32 random characters. */
  secret: string;
  /** Your Truecaller appKey. */
  appKey: string;
  /** The last segment of the callback URL registered with Truecaller: `<baseURL>/api/auth/truecaller/callback/<it>`. */
  callbackSecret: string;
  /** Sends an OTP by SMS (your SMS provider); the fallback when Truecaller is not an option. */
  sendOtp: (phoneNumber: string, code: string) => void | Promise<void>;
  /**
   * More Truecaller client options: `onEvent` for your logs; the demo also points `requestsUrl` and `profileUrl`
   * at the simulator. Production leaves the URLs out.
   */
  truecallerOptions?: Omit<TruecallerClientOptions, 'appKey' | 'tracker'>;
}

export function createAppAuth(options: AppAuthOptions) {
  return betterAuth({
    baseURL: options.baseURL,
    secret: options.secret,
    database: options.pool,
    telemetry: { enabled: false },
    plugins: [
      phoneNumber({
        sendOTP: ({ phoneNumber: to, code }) => options.sendOtp(to, code),
        signUpOnVerification: { getTempEmail: (number) => `${number.slice(1)}@phone.invalid` },
        // Numbers in E.164 (`+46761234567`), the form the Truecaller plugin stores: both find the same user.
        phoneNumberValidator: (number) => /^\+\d{8,15}$/.test(number),
      }),
      truecaller({
        client: { ...options.truecallerOptions, appKey: options.appKey },
        callbackSecret: options.callbackSecret,
        // One process. On several instances: tracker: new RedisTracker(redis) from truecaller-web-login/redis.
        tracker: new MemoryTracker(),
      }),
    ],
  });
}

export type AppAuth = ReturnType<typeof createAppAuth>;
