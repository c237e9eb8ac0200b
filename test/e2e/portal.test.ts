import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeToken } from '../../functions/core/domain/support-digest';
import { loadState } from '../../local/local-state';
import {
  apiClient,
  PASSWORD,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type RunningStack,
} from '../integration/local-stack';
import { hasHorizontalScroll, launchChromium, screenshots } from './browser';
import { expectSelectsShowTheirChoices } from './pages';

/**
 * The portal's issue-18 pages in Chromium against the local stack (200 demo products at Acme): the search box
 * of every portal page, search and sort on the product list, the export buttons, the product page with its
 * support timeline, the alert preference in Settings, and the unsubscribe page a digest links to. Driven by
 * labels and roles; screenshots in test/.artifacts/screenshots/portal-*.
 */

let stack: RunningStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let api: ReturnType<typeof apiClient>;
let adminToken: string;
const ADMIN = 'first@acme.example';

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startStack();
  api = apiClient(stack);
  const token = await verifiedPerson(stack, ADMIN);
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  const registration = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  expect(registration.body).toMatchObject({ outcome: 'ACTIVE' });
  adminToken = await signIn(stack, ADMIN, PASSWORD);
  // Starting the stack (the web build, 200 demo products) on a busy 2-core machine can outlast the default.
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stack) removeData(stack);
});

function poll<T>(read: () => T | Promise<T>, timeout = 15_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1024, height: 800 },
    baseURL: stack.apiUrl,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

async function heading(page: Page, name: string | RegExp) {
  const locator = page.getByRole('heading', { level: 1, name });
  await locator.waitFor();
  return locator;
}

async function at360(page: Page): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  if (before) await page.setViewportSize(before);
}

async function signedIn(page: Page): Promise<void> {
  await page.goto('/signin');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, 'Summary');
}

describe('the portal pages of issue 18', () => {
  it('finds, sorts, exports and shows a product, and keeps the alert preference', async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('portal');
    const first = await api('GET', '/v1/portal/products', {
      token: adminToken,
      query: { limit: 1 },
    } as never);
    const tag = String((first.body.items as { serviceTag: string }[])[0]?.serviceTag);
    await signedIn(page);

    // The search box of every portal page: a service tag's beginning opens the product list searched.
    await page.getByLabel('Find by service tag').fill(tag.slice(0, -1).toLowerCase());
    await page.getByRole('button', { name: 'Find' }).click();
    await heading(page, 'Products');
    const rows = page.getByRole('table', { name: 'Products' }).getByRole('row');
    await poll(() => rows.filter({ hasText: tag }).count()).toBe(1);
    await shot(page, 'search');

    // Sort by support end, soonest first.
    await page.goto('/portal/products');
    await heading(page, 'Products');
    await page.getByLabel('Sort by').selectOption('supportEndDate');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => new URL(page.url()).searchParams.get('sort')).toBe('supportEndDate');
    // The list renders again once the sorted page has come: wait for the order itself.
    const endTimes = async () =>
      (
        await page
          .getByRole('table', { name: 'Products' })
          .locator('tbody tr td:nth-child(5)')
          .allTextContents()
      ).map((text) => Date.parse(text));
    await poll(async () => {
      const times = await endTimes();
      return (
        times.length > 3 &&
        times.every((time) => !Number.isNaN(time)) &&
        times.every((time, index) => index === 0 || (times[index - 1] ?? 0) <= time)
      );
    }).toBe(true);
    await expectSelectsShowTheirChoices(page);
    await at360(page);
    await shot(page, 'sorted');

    // Export what the list shows (200 products: the direct download).
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    await poll(() => page.getByRole('status').filter({ hasText: 'is ready' }).count()).toBe(1);
    await shot(page, 'exported');

    // The product page: everything known, and the support timeline.
    const firstLink = page.getByRole('table', { name: 'Products' }).getByRole('link').first();
    const shown = (await firstLink.textContent()) ?? '';
    await firstLink.click();
    await heading(page, `Product ${shown}`);
    await page.getByRole('heading', { level: 2, name: 'Support timeline' }).waitFor();
    expect(await page.locator('.timeline li').count()).toBe(3);
    expect(await page.locator('.timeline li[aria-current="step"]').count()).toBe(1);
    await at360(page);
    await shot(page, 'product');

    // Alerts in Settings: administrators receive the digest by default; turn it off.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await heading(page, 'Settings');
    const digest = page.getByLabel(/weekly digest of products/);
    expect(await digest.isChecked()).toBe(true);
    await digest.uncheck();
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await poll(() => page.getByText('Off.', { exact: true }).count()).toBe(1);
    const me = await api('GET', '/v1/me', { token: adminToken });
    expect((me.body.organization as Record<string, unknown>)['supportDigest']).toEqual({
      enabled: false,
      isDefault: false,
    });
    await shot(page, 'alerts');

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it("stops the digest from a digest's link, without signing in", async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('portal-unsubscribe');
    const me = await api('GET', '/v1/me', { token: adminToken });
    await api('PUT', '/v1/me/support-digest', { token: adminToken, body: { enabled: true } });
    const token = unsubscribeToken(loadState(stack.dataDirectory).codeSecret, {
      organizationId: String((me.body.organization as Record<string, unknown>)['organizationId']),
      userId: String(me.body.userId),
    });

    await page.goto(`/unsubscribe?token=${encodeURIComponent(token)}`);
    await heading(page, 'Stop the support-expiry digest');
    await shot(page, 'page');
    await page.getByRole('button', { name: 'Stop the weekly digest' }).click();
    await heading(page, 'You are unsubscribed');
    await at360(page);
    await shot(page, 'done');
    const after = await api('GET', '/v1/me', { token: adminToken });
    expect((after.body.organization as Record<string, unknown>)['supportDigest']).toMatchObject({
      enabled: false,
    });

    // A link that is not Portico's says so.
    await page.goto('/unsubscribe?token=bm90.YS10b2tlbg');
    await page.getByRole('button', { name: 'Stop the weekly digest' }).click();
    await poll(() => page.getByRole('alert').filter({ hasText: 'not valid' }).count()).toBe(1);
    await shot(page, 'invalid');

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
