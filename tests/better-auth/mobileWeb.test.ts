import { describe, expect, test } from 'vitest';
import { Browser, createTestAuth, poll, postCallback, useAuthApp, usersWithNumber } from './support/authHarness.js';

const app = useAuthApp({ mobileWeb: { partnerName: 'Acme', lang: 'en' } });
const { fake } = app;

async function link(browser: Browser, body?: unknown): Promise<{ url: string; requestId: string }> {
  const response = await browser.post('/truecaller/mobile-web-link', body);
  expect(response.status).toBe(200);
  return (await response.json()) as { url: string; requestId: string };
}

describe('mobile web', () => {
  test('the link route answers a truecallersdk:// link whose nonce is the requestId, never cached', async () => {
    const browser = new Browser(app.testAuth.auth);

    const response = await browser.post('/truecaller/mobile-web-link');
    const { url, requestId } = (await response.json()) as { url: string; requestId: string };

    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(url.startsWith('truecallersdk://truesdk/web_verify?')).toBe(true);
    expect(new URL(url).searchParams.get('requestNonce')).toBe(requestId);
    expect(new URL(url).searchParams.get('partnerName')).toBe('Acme');
  });

  test('a tapped link signs the browser in as the profile’s number (mobile-web callbacks carry no state)', async () => {
    const browser = new Browser(app.testAuth.auth);
    const { url, requestId } = await link(browser);

    const callback = await postCallback(app.testAuth.auth, await fake.tap(url, '46761232001'));
    const { status, body } = await poll(browser, requestId);

    expect(callback.status).toBe(204);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', user: { phoneNumber: '+46761232001' } });
    expect(await usersWithNumber(app.pool, '+46761232001')).toHaveLength(1);
    expect((await app.testAuth.auth.api.getSession({ headers: browser.headers() }))?.user.phoneNumber).toBe(
      '+46761232001',
    );
  });

  test('only the browser that asked for the link can finish its sign-in', async () => {
    const owner = new Browser(app.testAuth.auth);
    const stranger = new Browser(app.testAuth.auth);
    await link(stranger);
    const { requestId } = await link(owner);
    await postCallback(app.testAuth.auth, fake.approve({ requestId, phoneNumber: '46761232002', state: undefined }));

    expect((await poll(stranger, requestId)).status).toBe(403);
    expect((await poll(owner, requestId)).body).toMatchObject({ status: 'completed' });
  });

  test('a number the page asked for must be the profile’s: another profile is refused', async () => {
    const browser = new Browser(app.testAuth.auth);
    const { requestId } = await link(browser, { phoneNumber: '+46761232003' });
    await postCallback(app.testAuth.auth, fake.approve({ requestId, phoneNumber: '46761232999', state: undefined }));

    const { status, body } = await poll(browser, requestId);

    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'PHONE_NUMBER_MISMATCH', error: 'phone_number_mismatch' });
    expect(await usersWithNumber(app.pool, '+46761232999')).toHaveLength(0);
  });

  test('without the mobileWeb option the route is 404 MOBILE_WEB_NOT_CONFIGURED', async () => {
    const webOnly = await createTestAuth(app.pool);

    const response = await new Browser(webOnly.auth).post('/truecaller/mobile-web-link');

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'MOBILE_WEB_NOT_CONFIGURED' });
  });
});
