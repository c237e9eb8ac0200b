import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  PASSWORD,
  REGISTRATION,
  removeData,
  signIn,
  verifiedPerson,
  type RunningStack,
} from '../integration/local-stack';
import { sharedStack } from '../support/shared-stack';
import { launchChromium, screenshots } from './browser';
import {
  expectFieldError,
  expectLabelledControls,
  expectNoHorizontalScrollAt360,
  heading,
  newPage,
  poll,
  signInThroughTheForm,
  statusSays,
  warmWebClient,
} from './pages';

/**
 * The operator console (web/src/views/operator-*.ts) in Chromium against the local stack, signed in as the
 * stack's seeded operator (a member of the Cognito group `operators`): the review queue, a request's page and
 * its decision, the organization directory, and an import. Requests are submitted over the API first.
 */

let stack: RunningStack;
let browser: Browser;
const run = Date.now().toString(36);

beforeAll(async () => {
  browser = await launchChromium();
  stack = await sharedStack({ env: { CODE_RESEND_INTERVAL_SECONDS: '1' }, args: ['--demo-products', '0'] });
  await warmWebClient(stack);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stack) removeData(stack);
});

const organization = (legalName: string) => ({
  legalName,
  address: { line1: '1 Main Street', city: 'Springfield', postalCode: '12345' },
  country: 'US',
  website: 'https://example.com',
  phone: '+1 555 0100',
});

/** Someone at `domain` (which nobody owns) submits `legalName`; answers their address and the request id. */
async function submittedRequest(domain: string, legalName: string) {
  const email = `founder.${run}@${domain}`;
  const token = await verifiedPerson(stack, email);
  const api = apiClient(stack);
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  const submitted = await api('POST', '/v1/organization-requests', { token, body: organization(legalName) });
  expect(submitted.status).toBe(202);
  return { email, requestId: (submitted.body.organizationRequest as { requestId: string }).requestId };
}

describe('the operator console', () => {
  it('shows the queue, a request with its decision, the directory and an import, to operators only', async () => {
    const globexDomain = `globex${run}.example`;
    const hooliDomain = `hooli${run}.example`;
    const globex = await submittedRequest(globexDomain, `Globex ${run}`);
    await submittedRequest(hooliDomain, `Hooli ${run}`);
    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    await poll(async () => {
      const answer = await apiClient(stack)('GET', `/v1/operator/organization-requests/${globex.requestId}`, {
        token: operatorToken,
      });
      return answer.body.stage;
    }, 30_000).toBe('IN_REVIEW');

    const { context, page, errors } = await newPage(browser, stack);
    const shot = screenshots('operator');

    // Signed in, an operator lands in the queue: oldest first, with age and deadline.
    await signInThroughTheForm(page, stack.operator.email, stack.operator.password);
    await heading(page, 'Review queue');
    const queue = page.getByRole('table', { name: /Open organization requests/ });
    await queue.getByRole('link', { name: `Globex ${run}` }).waitFor();
    const names = await queue.locator('tbody th').allTextContents();
    expect(names.indexOf(`Globex ${run}`)).toBeLessThan(names.indexOf(`Hooli ${run}`));
    expect(await queue.locator('tbody tr', { hasText: `Globex ${run}` }).textContent()).toMatch(
      /In review.*Due.*Decide by/,
    );
    await expectLabelledControls(page);
    await shot(page, 'queue');

    // Filters: by domain, by stage.
    await page.getByLabel('Domain').fill(`hooli${run}`);
    await poll(() => queue.locator('tbody tr').count()).toBe(1);
    await expect(queue.locator('tbody').textContent()).resolves.toContain(`Hooli ${run}`);
    await shot(page, 'queue-filtered');
    await page.getByLabel('Domain').fill('');
    await page.getByLabel('Stage').selectOption('NEEDS_ATTENTION');
    await poll(() => page.getByText('No open request matches.').count()).toBe(1);
    await page.getByLabel('Stage').selectOption('');

    // A request's page: details, requesters, history; reject needs a reason; approve with a note.
    // At 1024 px the queue fits its box: domains and deadlines wrap rather than scroll sideways.
    const queueBox = page.locator('.table-scroll', { has: queue });
    expect(await queueBox.evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    await queue.getByRole('link', { name: `Globex ${run}` }).click();
    await heading(page, `Globex ${run} (${globexDomain})`);
    await page.getByRole('table', { name: 'Requesters' }).getByText(globex.email).waitFor();
    // Events in words, not the API's codes (SUBMITTED).
    await page
      .getByRole('table', { name: 'History' })
      .getByRole('rowheader', { name: 'Submitted' })
      .waitFor();
    const decide = page.getByRole('form', { name: 'Decide the request' });
    await decide.getByLabel('Reject').check();
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await expectFieldError(decide.getByLabel(/Reason/), /./);
    await shot(page, 'reject-needs-reason');
    await decide.getByLabel('Approve').check();
    await decide.getByLabel(/Note for the record/).fill('Checked the company register.');
    await decide.getByRole('button', { name: 'Record the decision' }).click();
    await statusSays(page, new RegExp(`Globex ${run} is approved`));
    await poll(() => page.locator('dl.profile').textContent()).toMatch(
      new RegExp(`Approved by ${stack.operator.email.replace(/[.]/g, '\\.')}.*Checked the company register`),
    );
    expect(await page.getByRole('form', { name: 'Decide the request' }).count()).toBe(0);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'request-decided-360'));
    await shot(page, 'request-decided');

    // The directory: search, open, add and remove a domain, deactivate and reactivate.
    await page.getByRole('link', { name: 'Organizations' }).click();
    await heading(page, 'Organizations');
    await page.getByLabel('Name starts with').fill('Acme');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Acme Manufacturing GmbH' }).click();
    await heading(page, 'Acme Manufacturing GmbH');
    const extra = `acme-${run}.example`;
    await page.getByLabel('Add an email domain').fill(extra);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await page
      .getByRole('table', { name: 'Email domains' })
      .getByRole('rowheader', { name: extra })
      .waitFor();
    await statusSays(page, /is added/);
    await shot(page, 'organization-domain-added');
    await page.getByRole('button', { name: `Remove ${extra}` }).click();
    await poll(() =>
      page.getByRole('table', { name: 'Email domains' }).getByRole('rowheader', { name: extra }).count(),
    ).toBe(0);
    await page.getByLabel('Add an email domain').fill('gmail.com');
    await page.getByRole('button', { name: 'Add domain' }).click();
    await expectFieldError(page.getByLabel('Add an email domain'), /./);
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await statusSays(page, /deactivated/);
    await poll(() => page.locator('dl.profile').textContent()).toMatch(/Deactivated/);
    await shot(page, 'organization-deactivated');
    await page.getByRole('button', { name: 'Reactivate' }).click();
    await statusSays(page, /active again/);
    const history = page.getByRole('table', { name: 'History' });
    await history.getByRole('rowheader', { name: 'Reactivated' }).waitFor();
    expect(await history.getByRole('rowheader').allTextContents()).toEqual(
      expect.arrayContaining(['Reactivated', 'Deactivated', 'Email domain added', 'Email domain removed']),
    );
    expect(await history.textContent()).not.toMatch(/DOMAIN_ADDED|REACTIVATED/);
    await shot(page, 'organization');

    // An import: pick Acme, upload a CSV of sites with one bad row, read the report.
    await page.getByRole('link', { name: 'Imports' }).click();
    await heading(page, 'Imports');
    await page.getByLabel(/^Organization/).fill('Acme');
    await page.getByRole('button', { name: 'Find' }).click();
    await poll(() => page.getByLabel('Import into').textContent()).toMatch(/Acme Manufacturing GmbH/);
    await page.getByRole('radio', { name: 'Sites' }).check();
    await page.getByLabel('File (CSV or JSON)').setInputFiles({
      name: 'sites.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        [
          'siteId,name,address,city,country',
          `SITE-${run},Plant ${run},Werkstrasse 9,Munich,DE`,
          `SITE-BAD-${run},Nowhere,Road 1,Atlantis,XX`,
        ].join('\n'),
      ),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await heading(page, 'Report: sites.csv (sites)', 2);
    const report = page.locator('.import-report');
    expect(await report.locator('.stats').textContent()).toMatch(/Received2Created1.*Rejected1/);
    const rejected = page.getByRole('table', { name: 'Rejected rows' });
    expect(await rejected.locator('tbody tr').textContent()).toMatch(new RegExp(`SITE-BAD-${run}.*country`));
    await shot(page, 'import-report');

    expect(errors).toEqual([]);
    await context.close();

    // Somebody who is not an operator sees no console, and the API refuses them anyway.
    const visitor = await newPage(browser, stack);
    await signInThroughTheForm(visitor.page, globex.email, PASSWORD);
    await visitor.page.getByRole('link', { name: 'Account', exact: true }).waitFor();
    // The sign-in has finished only when the app has left the form: the link shows as soon as the session
    // exists, and a navigation away before the app's own one (under load) raced it.
    await visitor.page.waitForURL((url) => url.pathname !== '/signin');
    expect(await visitor.page.getByRole('link', { name: 'Operator console' }).count()).toBe(0);
    await visitor.page.goto('/operator');
    await heading(visitor.page, 'Operators only');
    await shot(visitor.page, 'not-an-operator');
    await visitor.context.close();
  });
});
