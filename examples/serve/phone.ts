// The simulated phone: what Truecaller's app would show the user. Demo-only routes let the page's phone panel
// list the prompts Truecaller sent, answer one (`simulator.decide`), and stand in for the Android app when the
// page opens a mobile-web link (`simulator.openDeepLink`). Nothing here belongs in a real app.
import { maskPhoneNumber, normalizePhoneNumber } from 'truecaller-web-login';
import type { TruecallerSimulator } from 'truecaller-web-login/simulator';

/** A prompt on the phone, as the phone panel shows it. */
export interface Prompt {
  requestId: string;
  flow: 'web' | 'mobile-web';
  /** The number it was sent to, masked. */
  phoneNumber: string;
}

/** At most this many prompts are kept (the newest); the phone shows the newest one. */
const MAX_PROMPTS = 20;

export class SimulatedPhone {
  readonly #prompts: Prompt[] = [];

  constructor(
    private readonly simulator: TruecallerSimulator,
    private readonly say: (line: string) => void,
  ) {}

  /** Truecaller accepted a start call: the user's phone shows the prompt. */
  prompted(requestId: string, flow: Prompt['flow'], phoneNumber: string): void {
    this.#prompts.push({ requestId, flow, phoneNumber: maskPhoneNumber(phoneNumber) });
    if (this.#prompts.length > MAX_PROMPTS) this.#prompts.shift();
    this.say(`   Truecaller -> phone ${maskPhoneNumber(phoneNumber)}: sign-in prompt (${flow})`);
  }

  /** The demo-only routes under `/demo/phone`; `undefined` for any other path. */
  async handle(request: Request, pathname: string): Promise<Response | undefined> {
    if (request.method === 'GET' && pathname === '/demo/phone') {
      return Response.json({ prompts: this.#prompts }, { headers: { 'cache-control': 'no-store' } });
    }
    if (request.method !== 'POST') return undefined;
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    if (pathname === '/demo/phone/decide') return this.#decide(body);
    if (pathname === '/demo/phone/open') return this.#open(body);
    return undefined;
  }

  /** `POST /demo/phone/decide { requestId, answer }`: the user taps Approve or Decline. */
  #decide({ requestId, answer }: Record<string, unknown>): Response {
    const index = this.#prompts.findIndex((prompt) => prompt.requestId === requestId);
    const prompt = this.#prompts[index];
    if (prompt === undefined || (answer !== 'approve' && answer !== 'user_rejected')) {
      return Response.json({ error: 'unknown_prompt' }, { status: 404 });
    }
    this.#prompts.splice(index, 1);
    this.simulator.decide(prompt.requestId, answer);
    this.say(`   phone ${prompt.phoneNumber}: the user taps ${answer === 'approve' ? 'Approve' : 'Decline'}`);
    return Response.json({ status: 'answered' });
  }

  /** `POST /demo/phone/open { url, phoneNumber }`: the Truecaller app on the user's phone opens the link. */
  #open({ url, phoneNumber }: Record<string, unknown>): Response {
    try {
      const digits = normalizePhoneNumber(String(phoneNumber));
      this.say(`   phone ${maskPhoneNumber(digits)}: the Truecaller app opens the mobile-web link`);
      const requestId = this.simulator.openDeepLink(String(url), { phoneNumber: digits });
      this.prompted(requestId, 'mobile-web', digits);
      return Response.json({ status: 'opened' });
    } catch (error) {
      // The simulator's messages never quote the link's values (it carries the appKey).
      return Response.json({ error: 'not_opened', message: (error as Error).message }, { status: 400 });
    }
  }
}
