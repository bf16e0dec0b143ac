import { inspect } from 'node:util';
import {
  InvalidPhoneNumberError,
  MemoryTracker,
  type PendingRequestTracker,
  RequestPendingError,
  TruecallerClient,
  type TruecallerClientOptions,
  TruecallerError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { ACCESS_TOKEN, MASKED_PHONE_NUMBER, PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { APP_KEY, rejectionOf } from '../support/client.js';
import { mockProfileEndpoint, mockRequestsEndpoint, reply, useMswServer } from '../support/msw.js';

useMswServer();

const SECRETS = { appKey: APP_KEY, accessToken: ACCESS_TOKEN, phoneNumber: PHONE_NUMBER, state: STATE };

/** An error body that echoes every secret, as a careless upstream or proxy might. */
const ECHO = JSON.stringify({
  code: 1,
  message: `appKey ${APP_KEY} token ${ACCESS_TOKEN} phone ${PHONE_NUMBER} state ${STATE}`,
});

const httpClient = (options: Partial<TruecallerClientOptions> = {}) =>
  new TruecallerClient({ appKey: APP_KEY, tracker: false, retry: 0, ...options });

const start = (client = httpClient()) => client.requestAuthorization({ phoneNumber: '+46 76 123 45 67', state: STATE });
const profile = (client = httpClient()) => client.fetchProfile(ACCESS_TOKEN);

/** A fetch that fails the way some fetch implementations do: the request (with its headers) attached. */
const leakyFailingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  throw Object.assign(new TypeError('fetch failed'), {
    request,
    headers: Object.fromEntries(request.headers),
    cause: Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
      config: { headers: Object.fromEntries(request.headers), body: await request.clone().text() },
    }),
  });
};

/** Every error path of requestAuthorization and fetchProfile except a caller's abort (which is the caller's). */
const scenarios: [label: string, errorName: string, run: () => Promise<unknown>][] = [
  [
    'start: 403',
    'ForbiddenError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 403));
      return start();
    },
  ],
  [
    'start: 404',
    'InvalidCredentialsError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 404));
      return start();
    },
  ],
  [
    'start: 400',
    'UnexpectedResponseError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 400));
      return start();
    },
  ],
  [
    'start: 429',
    'UnexpectedResponseError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 429));
      return start();
    },
  ],
  [
    'start: 500',
    'ServerError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 500));
      return start();
    },
  ],
  [
    'start: 503',
    'ServerError',
    () => {
      mockRequestsEndpoint(reply.text(ECHO, 503));
      return start();
    },
  ],
  [
    'start: 302',
    'UnexpectedResponseError',
    () => {
      mockRequestsEndpoint(reply.status(302, { location: `https://x.example.test/?k=${APP_KEY}&n=${PHONE_NUMBER}` }));
      return start();
    },
  ],
  [
    'start: 200 not JSON',
    'UnexpectedResponseError',
    () => {
      mockRequestsEndpoint(reply.text(`<p>${APP_KEY} ${PHONE_NUMBER}</p>`, 200, 'text/html'));
      return start();
    },
  ],
  [
    'start: 200 without requestId',
    'UnexpectedResponseError',
    () => {
      mockRequestsEndpoint(reply.json({ appKey: APP_KEY, phoneNumber: PHONE_NUMBER }));
      return start();
    },
  ],
  [
    'start: timeout',
    'TimeoutError',
    () => {
      mockRequestsEndpoint(reply.delayed(1_000, reply.accepted()));
      return start(httpClient({ timeout: 30 }));
    },
  ],
  [
    'start: network error',
    'NetworkError',
    () => {
      mockRequestsEndpoint(reply.networkError());
      return start();
    },
  ],
  [
    'start: network error from a fetch that attaches the request',
    'NetworkError',
    () => start(httpClient({ fetch: leakyFailingFetch })),
  ],
  [
    'start: invalid number',
    'InvalidPhoneNumberError',
    () => httpClient().requestAuthorization({ phoneNumber: '+46 76 123 45 67 890' }),
  ],
  [
    'start: landline',
    'InvalidPhoneNumberError',
    () => httpClient().requestAuthorization({ phoneNumber: '+46 8 123 456 78' }),
  ],
  [
    'start: pending',
    'RequestPendingError',
    async () => {
      mockRequestsEndpoint(reply.accepted());
      const client = new TruecallerClient({ appKey: APP_KEY });
      await start(client);
      return start(client);
    },
  ],
  [
    'start: tracker failure carrying the command arguments',
    'TrackerError',
    () => {
      mockRequestsEndpoint(reply.accepted());
      const memory = new MemoryTracker();
      const tracker: PendingRequestTracker = {
        acquireLock: async (key) => {
          throw Object.assign(new Error('ERR connection lost'), {
            command: { name: 'set', args: [key, JSON.stringify({ key, APP_KEY })] },
          });
        },
        releaseLock: memory.releaseLock.bind(memory),
        register: memory.register.bind(memory),
        get: memory.get.bind(memory),
        settle: memory.settle.bind(memory),
        claim: memory.claim.bind(memory),
        finish: memory.finish.bind(memory),
        remove: memory.remove.bind(memory),
        park: memory.park.bind(memory),
        unpark: memory.unpark.bind(memory),
      };
      return start(new TruecallerClient({ appKey: APP_KEY, tracker }));
    },
  ],
  [
    'profile: 401',
    'InvalidTokenError',
    () => {
      mockProfileEndpoint(reply.text(ECHO, 401));
      return profile();
    },
  ],
  [
    'profile: timeout, then a 401 echoing the secrets (reported as the timeout, the 401 as its cause)',
    'TimeoutError',
    () => {
      mockProfileEndpoint(reply.delayed(1_000, reply.accepted()), reply.text(ECHO, 401));
      return profile(httpClient({ timeout: 30, retry: 1 }));
    },
  ],
  [
    'profile: network error from a fetch that attaches the request, then a 401 echoing the secrets',
    'NetworkError',
    () => {
      let calls = 0;
      const fetch: typeof globalThis.fetch = async (input, init) => {
        calls += 1;
        return calls === 1 ? leakyFailingFetch(input, init) : new Response(ECHO, { status: 401 });
      };
      return profile(httpClient({ fetch, retry: 1 }));
    },
  ],
  [
    'profile: 403',
    'ForbiddenError',
    () => {
      mockProfileEndpoint(reply.text(ECHO, 403));
      return profile();
    },
  ],
  [
    'profile: 404',
    'UnexpectedResponseError',
    () => {
      mockProfileEndpoint(reply.text(ECHO, 404));
      return profile();
    },
  ],
  [
    'profile: 429',
    'UnexpectedResponseError',
    () => {
      mockProfileEndpoint(reply.text(ECHO, 429));
      return profile();
    },
  ],
  [
    'profile: 500',
    'ServerError',
    () => {
      mockProfileEndpoint(reply.text(ECHO, 500));
      return profile();
    },
  ],
  [
    'profile: 302 to a URL holding the token',
    'UnexpectedResponseError',
    () => {
      mockProfileEndpoint(reply.status(302, { location: `https://x.example.test/?t=${ACCESS_TOKEN}` }));
      return profile();
    },
  ],
  [
    'profile: 200 not JSON',
    'UnexpectedResponseError',
    () => {
      mockProfileEndpoint(reply.text(`<p>${ACCESS_TOKEN}</p>`, 200, 'text/html'));
      return profile();
    },
  ],
  [
    'profile: 200 JSON array',
    'UnexpectedResponseError',
    () => {
      mockProfileEndpoint(reply.json([ACCESS_TOKEN, PHONE_NUMBER]));
      return profile();
    },
  ],
  [
    'profile: timeout',
    'TimeoutError',
    () => {
      mockProfileEndpoint(reply.delayed(1_000, reply.json({})));
      return profile(httpClient({ timeout: 30 }));
    },
  ],
  [
    'profile: network error',
    'NetworkError',
    () => {
      mockProfileEndpoint(reply.networkError());
      return profile();
    },
  ],
  [
    'profile: network error from a fetch that attaches the request',
    'NetworkError',
    () => profile(httpClient({ fetch: leakyFailingFetch })),
  ],
  [
    'profile: untrusted endpoint holding the secrets',
    'UntrustedEndpointError',
    () =>
      httpClient().fetchProfile(ACCESS_TOKEN, {
        endpoint: `https://collector.example.test/?t=${ACCESS_TOKEN}&k=${APP_KEY}&n=${PHONE_NUMBER}`,
      }),
  ],
  [
    'profile: untrusted http endpoint',
    'UntrustedEndpointError',
    () => httpClient().fetchProfile(ACCESS_TOKEN, { endpoint: `http://profile4.truecaller.com/v1/${ACCESS_TOKEN}` }),
  ],
];

/** Every way an error is commonly turned into text: logs, error trackers, JSON APIs. */
function renderings(error: unknown): Record<string, string> {
  const value = error as Error;
  return {
    message: value.message,
    stack: String(value.stack),
    inspect: inspect(value, { depth: 10 }),
    inspectHidden: inspect(value, { depth: 10, showHidden: true }),
    json: JSON.stringify(value),
    cause: String(value.cause),
    causeInspect: inspect(value.cause, { depth: 10, showHidden: true }),
  };
}

describe.each(scenarios)('%s', (_label, errorName, run) => {
  test(`${errorName}: none of its renderings holds a secret`, async () => {
    const error = await rejectionOf(run());

    expect(error).toBeInstanceOf(TruecallerError);
    expect((error as Error).name).toBe(errorName);
    for (const [rendering, text] of Object.entries(renderings(error))) {
      for (const [secret, value] of Object.entries(SECRETS)) {
        expect(text, `${rendering} contains the ${secret}`).not.toContain(value);
      }
    }
  });
});

describe('phone numbers appear masked', () => {
  test('RequestPendingError names the number as +46******567', async () => {
    mockRequestsEndpoint(reply.accepted());
    const client = new TruecallerClient({ appKey: APP_KEY });
    await start(client);

    const error = await rejectionOf(start(client));

    expect(error).toBeInstanceOf(RequestPendingError);
    expect((error as Error).message).toContain(MASKED_PHONE_NUMBER);
  });

  test('InvalidPhoneNumberError names the refused number masked the same way', async () => {
    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46 8 123 456 78' }));

    expect(error).toBeInstanceOf(InvalidPhoneNumberError);
    expect((error as Error).message).toContain('+46******678');
  });
});
