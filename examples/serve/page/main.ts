// The demo page: wires the form and buttons to signIn.ts (the integration a real page has), lists each step as
// it happens, and runs the simulated phone. `?interval=` and `?timeout=` (ms) set the polling, e.g.
// `/?timeout=3000` to see the "use another method" fallback quickly.
import { openOnSimulatedPhone, watchPhone } from './phone.js';
import { type Ending, type SignInOptions, signInWithApp, signInWithNumber } from './signIn.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = new URLSearchParams(location.search);
const ms = (name: string) => (query.has(name) ? Number(query.get(name)) : undefined);

let began = 0;
function say(step: string): void {
  const item = document.createElement('li');
  item.textContent = `${((performance.now() - began) / 1000).toFixed(1)} s  ${step}`;
  $('steps').append(item);
}

async function run(first: string, signIn: (options: SignInOptions) => Promise<Ending>): Promise<void> {
  const controller = new AbortController();
  const onCancel = () => controller.abort();
  began = performance.now();
  $('steps').replaceChildren();
  say(first);
  $('fallback').hidden = true;
  show(undefined, '');
  busy(true);
  $('cancel').addEventListener('click', onCancel);
  try {
    const ending = await signIn({ say, signal: controller.signal, interval: ms('interval'), timeout: ms('timeout') });
    await finish(ending);
  } catch (error) {
    say(`Error: ${error instanceof Error ? error.message : String(error)}`);
    show('error', 'Something went wrong. Try again.');
  } finally {
    $('cancel').removeEventListener('click', onCancel);
    busy(false);
  }
}

async function finish(ending: Ending): Promise<void> {
  switch (ending.type) {
    case 'signed-in': {
      // The session cookie is signed in now: ask the server who we are.
      const { account } = (await (await fetch('/account')).json()) as {
        account: { name: string; phoneNumber: string };
      };
      say(`Signed in: the server's session says ${account.name} (${account.phoneNumber})`);
      return show('signed-in', `Signed in as ${account.name}`);
    }
    case 'declined':
      say('You declined on your phone.');
      return show('declined', 'You declined the sign-in on your phone.');
    case 'cancelled':
      say('Cancelled: the number is free for another try.');
      return show('cancelled', 'Sign-in cancelled.');
    case 'try-later':
      say(`A sign-in for this number is still pending: retry in ${Math.ceil(ending.retryAfterMs / 1000)} s.`);
      return show('try-later', 'Check your phone: a sign-in is already waiting there.');
    case 'invalid-number':
      return show('invalid-number', 'That is not a mobile number.');
    case 'another-method':
      say(`Use another method: ${ending.why}.`);
      $('fallback').hidden = false;
      return show('another-method', 'Use another method to sign in.');
  }
}

function show(ending: string | undefined, text: string): void {
  const result = $('result');
  if (ending === undefined) delete result.dataset.ending;
  else result.dataset.ending = ending;
  result.textContent = text;
}

function busy(on: boolean): void {
  for (const id of ['start', 'app']) $<HTMLButtonElement>(id).disabled = on;
  $('cancel').hidden = !on;
}

$('number-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const phoneNumber = $<HTMLInputElement>('phone-number').value;
  void run(`Starting a sign-in for ${phoneNumber}`, (options) => signInWithNumber(phoneNumber, options));
});
$('app').addEventListener('click', () => {
  void run('Asking the server for a mobile-web link', (options) => signInWithApp(options, openOnSimulatedPhone));
});
watchPhone();
