// The simulated phone panel (demo only): shows the newest prompt Truecaller sent, and answers it through the
// demo's `/demo/phone` routes. It also stands in for the Truecaller app when the page opens a mobile-web link.

interface Prompt {
  requestId: string;
  flow: 'web' | 'mobile-web';
  phoneNumber: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let shown: Prompt | undefined;

/** Keeps the panel in step with the prompts the simulator sent (every 300 ms). */
export function watchPhone(): void {
  const refresh = async () => {
    const answer = await fetch('/demo/phone').catch(() => undefined);
    const { prompts = [] } = answer?.ok ? ((await answer.json()) as { prompts?: Prompt[] }) : {};
    show(prompts.at(-1));
    setTimeout(refresh, 300);
  };
  void refresh();
  $('approve').addEventListener('click', () => answer('approve'));
  $('decline').addEventListener('click', () => answer('user_rejected'));
}

function show(prompt: Prompt | undefined): void {
  shown = prompt;
  $('prompt').hidden = prompt === undefined;
  $('idle').hidden = prompt !== undefined;
  if (prompt === undefined) return;
  $('prompt').dataset.requestId = prompt.requestId;
  $('prompt-number').textContent = `${prompt.flow === 'web' ? 'Web sign-in' : 'In the app'} · ${prompt.phoneNumber}`;
}

async function answer(decision: 'approve' | 'user_rejected'): Promise<void> {
  if (shown === undefined) return;
  const { requestId } = shown;
  show(undefined);
  await post('/demo/phone/decide', { requestId, answer: decision });
}

/**
 * `openTruecallerApp`'s stand-in: hands the link to the simulated phone's Truecaller app (the phone with the
 * number typed on the page) instead of opening `truecallersdk://`, which a desktop browser cannot.
 */
export async function openOnSimulatedPhone(url: string): Promise<'opened' | 'not-installed'> {
  const phoneNumber = $<HTMLInputElement>('phone-number').value;
  const answer = await post('/demo/phone/open', { url, phoneNumber });
  return answer.ok ? 'opened' : 'not-installed';
}

function post(path: string, body: unknown): Promise<Response> {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
