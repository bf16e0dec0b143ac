// Opens the test page in a fresh browser context and gives typed access to what the page does: the `/browser`
// module (`window.tc`), a counter of pending timers, and the event listeners on window and document as Chromium's
// DevTools protocol reports them (the real registrations, not a wrapper's bookkeeping).
import type { Browser, CDPSession, Page } from 'playwright-core';
import type * as BrowserEntry from 'truecaller-web-login/browser';

/** What the test page exposes; cast `window` to it inside `page.evaluate`. */
export type TestWindow = Window & {
  tc: typeof BrowserEntry;
  ready: boolean;
  /** Timers set through `setTimeout` and neither fired nor cleared yet. */
  pendingTimers: () => number;
  /** A promise the test can await later: how a started helper settled. */
  outcome: Promise<Settled>;
  controller: AbortController;
  settle: (promise: Promise<unknown>) => Promise<Settled>;
  loadedAt: number;
};

/** A settled promise, serializable across the page boundary. */
export type Settled =
  | { result: unknown }
  | { error: { name: string; code?: string; status?: number; message: string; isAbortReason: boolean } };

// Runs before the page's scripts: counts timers that are set and not yet fired or cleared.
const TIMER_TRACKER = `(() => {
  const pending = new Set();
  const set = window.setTimeout.bind(window);
  const clear = window.clearTimeout.bind(window);
  window.setTimeout = (fn, ms, ...args) => {
    const id = set(() => { pending.delete(id); typeof fn === 'function' ? fn(...args) : undefined; }, ms);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => { pending.delete(id); clear(id); };
  window.pendingTimers = () => pending.size;
})();`;

export interface TestPage {
  page: Page;
  /** A DevTools protocol session attached to the page. */
  cdp: CDPSession;
  /** Event listener types on `window` and `document`, e.g. `window:blur`, sorted. */
  listeners(): Promise<string[]>;
  /** Main-frame navigations since the page loaded. */
  navigations: string[];
  close(): Promise<void>;
}

export async function openTestPage(browser: Browser, origin: string): Promise<TestPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(TIMER_TRACKER);
  await page.goto(`${origin}/page`);
  await page.waitForFunction(() => (window as unknown as TestWindow).ready === true);
  const navigations: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  const cdp = await context.newCDPSession(page);
  return {
    page,
    cdp,
    navigations,
    async listeners() {
      const types: string[] = [];
      for (const target of ['window', 'document']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: target });
        if (result.objectId === undefined) throw new Error(`no object for ${target}`);
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        types.push(...listeners.map((listener) => `${target}:${listener.type}`));
      }
      return types.sort();
    },
    async close() {
      await context.close();
    },
  };
}
