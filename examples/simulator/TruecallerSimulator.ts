// A stand-in for Truecaller's servers, as msw handlers: Truecaller has no sandbox, so the demo and the tests
// need something that answers like it does. It implements the documented wire behaviour: the start call
// (appKey header, JSON number, 403/1008 for unknown numbers, 404 for a bad key), the user's decision on their
// phone, the callback POST, and the profile call with 10-minute, per-user bearer tokens.
import { HttpResponse, http } from 'msw';

/** A Truecaller user the simulator knows, and what they will do when their phone prompts. */
export interface SimulatedUser {
  phoneNumber: string;
  profile: Record<string, unknown>;
  decision: 'approve' | 'user_rejected' | 'use_another_number';
}

export interface SimulatorOptions {
  appKey: string;
  users: SimulatedUser[];
  /** Delivers a callback body to the app, as Truecaller's POST to the registered callback URL would. */
  deliverCallback: (body: Record<string, unknown>) => Promise<void>;
  /** How long the simulated user takes to decide, in ms. */
  decisionDelayMs?: number;
  requestsUrl?: string;
  profileUrl?: string;
  /** Called at each step, for a demo to narrate. */
  onEvent?: (event: string) => void;
}

const TOKEN_TTL_MS = 10 * 60 * 1000;

export class TruecallerSimulator {
  readonly #options: SimulatorOptions;
  readonly #tokens = new Map<string, { user: SimulatedUser; expiresAt: number }>();
  readonly #pendingDecisions = new Set<Promise<void>>();

  constructor(options: SimulatorOptions) {
    this.#options = options;
  }

  get handlers() {
    const requestsUrl = this.#options.requestsUrl ?? 'https://api4.truecaller.com/v1/apps/requests';
    const profileUrl = this.#options.profileUrl ?? 'https://profile4.truecaller.com/v1/default';
    return [
      http.post(requestsUrl, async ({ request }) => {
        if (request.headers.get('appKey') !== this.#options.appKey) {
          return HttpResponse.json({ code: 404, message: 'Invalid partner credentials.' }, { status: 404 });
        }
        const body = (await request.json()) as { phoneNumber?: unknown; state?: unknown };
        const user = this.#options.users.find((candidate) => Number(candidate.phoneNumber) === body.phoneNumber);
        if (user === undefined) {
          return HttpResponse.json(
            { code: 1008, message: 'Forbidden: It is forbidden to use sdk login for this phone number.' },
            { status: 403 },
          );
        }
        const requestId = randomId();
        this.#schedule(user, requestId, typeof body.state === 'string' ? body.state : undefined);
        return HttpResponse.json({ requestId });
      }),
      http.get(profileUrl, ({ request }) => {
        const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
        const entry = this.#tokens.get(token);
        if (entry === undefined || entry.expiresAt < Date.now()) {
          return HttpResponse.json({ status: 40101, message: 'Unauthorized' }, { status: 401 });
        }
        return HttpResponse.json({ ...entry.user.profile, phoneNumbers: [Number(entry.user.phoneNumber)] });
      }),
    ];
  }

  /** Resolves when every scheduled decision has been delivered (for tests and a clean demo exit). */
  async settled(): Promise<void> {
    await Promise.all(this.#pendingDecisions);
  }

  #schedule(user: SimulatedUser, requestId: string, state: string | undefined): void {
    const decision = (async () => {
      await new Promise((resolve) => setTimeout(resolve, this.#options.decisionDelayMs ?? 300));
      const withState = state === undefined ? {} : { state };
      if (user.decision !== 'approve') {
        this.#options.onEvent?.(`user declined on their phone (${user.decision})`);
        await this.#options.deliverCallback({ requestId, status: user.decision, ...withState });
        return;
      }
      const accessToken = randomId();
      this.#tokens.set(accessToken, { user, expiresAt: Date.now() + TOKEN_TTL_MS });
      this.#options.onEvent?.('user approved on their phone');
      await this.#options.deliverCallback({ requestId, accessToken, ...withState });
    })();
    this.#pendingDecisions.add(decision);
    void decision.finally(() => this.#pendingDecisions.delete(decision));
  }
}

function randomId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url');
}
