import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  mailbox,
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
 * The administrators' membership pages of issue 15 (docs/membership.md#the-web-pages) in Chromium
 * against one local stack: the membership policy in Settings, join requests approved and declined on the
 * Members page, a member removed after the confirmation dialog, the last administrator refused when leaving,
 * a member leaving from the Account page, and the audit log page showing it all with its filters. People are
 * set up over the API; the pages are driven by labels and roles. Screenshots: test/.artifacts/screenshots/
 * members-*.
 */

let stack: RunningStack;
let browser: Browser;
let api: ReturnType<typeof apiClient>;

const ADMIN = 'boss@acme.example';
const REMOVED = 'removed@acme.example';
const LEAVER = 'leaver@acme.example';
const COLLEAGUE = 'colleague@acme.example';
const DECLINED = 'contractor@acme.example';
const RACED = 'raced@acme.example';

beforeAll(async () => {
  browser = await launchChromium();
  stack = await sharedStack({ args: ['--demo-products', '0'] });
  api = apiClient(stack);
  await warmWebClient(stack);
  // Acme's first employee is its administrator; the next two join as members (the AUTOMATIC default).
  for (const [email, firstName, lastName] of [
    [ADMIN, 'Bea', 'Boss'],
    [REMOVED, 'Remy', 'Moved'],
    [LEAVER, 'Lee', 'Walker'],
  ] as const) {
    expect(await register(email, firstName, lastName)).toBe('ACTIVE');
  }
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stack) removeData(stack);
});

/** Signs up, verifies and registers `email` at Acme over the API; the registration's outcome. */
async function register(email: string, firstName: string, lastName: string): Promise<unknown> {
  const token = await verifiedPerson(stack, email, { firstName, lastName });
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  return registered.body.outcome;
}

async function me(email: string): Promise<Record<string, unknown>> {
  return (await api('GET', '/v1/me', { token: await signIn(stack, email, PASSWORD) })).body;
}

async function openPortal(page: Page, email: string): Promise<void> {
  await signInThroughTheForm(page, email, PASSWORD);
  await heading(page, 'Summary');
}

describe('the Members area, leaving and the audit log', () => {
  it('sets the policy, decides join requests, removes a member, lets one leave and shows the log', async () => {
    const { context, page, errors } = await newPage(browser, stack);
    const shot = screenshots('members');
    await openPortal(page, ADMIN);

    // Settings: the membership policy, from Automatic to Approval.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await heading(page, 'Settings');
    const policy = page.getByRole('group', { name: /How people of the organization/ });
    expect(await policy.getByLabel('Automatic').isChecked()).toBe(true);
    await policy.getByLabel('Approval').check();
    await page.getByRole('button', { name: 'Save policy' }).click();
    await statusSays(page, /Membership policy saved: Approval/);
    const adminToken = await signIn(stack, ADMIN, PASSWORD);
    expect((await api('GET', '/v1/portal/membership-policy', { token: adminToken })).body).toEqual({
      policy: 'APPROVAL',
    });
    await expectLabelledControls(page);
    await shot(page, 'policy');

    // Three colleagues register: each files a join request instead of joining.
    expect(await register(COLLEAGUE, 'Cole', 'League')).toBe('AWAITING_APPROVAL');
    expect(await register(DECLINED, 'Con', 'Tractor')).toBe('AWAITING_APPROVAL');
    expect(await register(RACED, 'Ray', 'Slow')).toBe('AWAITING_APPROVAL');

    // Members: the requests, the members and their roles.
    await page.getByRole('link', { name: 'Members', exact: true }).click();
    await heading(page, 'Members');
    const requests = page.getByRole('table', { name: 'Join requests waiting' });
    await poll(() => requests.getByRole('row').count()).toBe(4);
    const members = page.getByRole('table', { name: 'Members', exact: true });
    await poll(() => members.getByRole('row').count()).toBe(4);
    expect(
      await members
        .getByRole('row', { name: /Bea Boss/ })
        .getByRole('cell', { name: 'Administrator' })
        .count(),
    ).toBe(1);
    // Nobody removes themself here (that is leaving, on the Account page).
    expect(
      await members
        .getByRole('row', { name: /Bea Boss/ })
        .getByRole('button', { name: /Remove/ })
        .count(),
    ).toBe(0);
    await expectLabelledControls(page);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'requests-360'));
    await shot(page, 'requests');

    // Approve one: they join at once and are among the members.
    await page.getByRole('button', { name: /^Approve\W+Cole League/ }).click();
    await statusSays(page, /Cole League was approved/);
    await poll(() => members.getByRole('row', { name: /Cole League/ }).count()).toBe(1);
    expect(await me(COLLEAGUE)).toMatchObject({ state: 'ACTIVE', accessLevel: 'FULL' });

    // Decline the other, with a reason, in the dialog.
    await page.getByRole('button', { name: /^Decline\W+Con Tractor/ }).click();
    const declineDialog = page.getByRole('dialog', { name: 'Decline the request of Con Tractor?' });
    await declineDialog.getByLabel('Reason').fill('Contractors use the partner programme.');
    await shot(page, 'decline-dialog');
    await declineDialog.getByRole('button', { name: 'Decline the request' }).click();
    await statusSays(page, /The request of Con Tractor was declined/);
    expect(await me(DECLINED)).toMatchObject({ state: 'INVITATION_REQUIRED', accessLevel: 'LIMITED' });
    await poll(async () => (await mailbox(stack).emailsTo(DECLINED)).at(-1)?.body.text ?? '').toMatch(
      /Contractors use the partner programme/,
    );

    // Another administrator (here: the API) decided first: the page says so clearly and drops the row (a
    // request decided before the click is a 404, one decided during it a 409: the same message).
    const raced = (await me(RACED)).userId as string;
    const approved = await api('POST', `/v1/portal/join-requests/${raced}/approve`, { token: adminToken });
    expect(approved.status).toBe(200);
    await page.getByRole('button', { name: /^Decline\W+Ray Slow/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Decline the request' }).click();
    await poll(() =>
      page.getByRole('alert').filter({ hasText: 'already decided by another administrator' }).count(),
    ).toBe(1);
    await poll(() => page.getByText('No join requests are waiting.').count()).toBe(1);
    await shot(page, 'decided-elsewhere');

    // Remove a member: a confirmation first (cancelling keeps them), then they are out.
    await page.getByRole('button', { name: /^Remove\W+Remy Moved/ }).click();
    const removeDialog = page.getByRole('dialog', { name: 'Remove Remy Moved?' });
    await removeDialog.getByText(/set the policy to Approval or Invitation only/).waitFor();
    await expectFocusedName(page, 'Cancel');
    await removeDialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await members.getByRole('row', { name: /Remy Moved/ }).count()).toBe(1);
    await page.getByRole('button', { name: /^Remove\W+Remy Moved/ }).click();
    await shot(page, 'remove-dialog');
    await removeDialog.getByRole('button', { name: 'Remove Remy Moved' }).click();
    await statusSays(page, /Remy Moved was removed/);
    await poll(() => members.getByRole('row', { name: /Remy Moved/ }).count()).toBe(0);
    expect(await me(REMOVED)).toMatchObject({ state: 'REGISTER_BUSINESS', accessLevel: 'LIMITED' });
    await shot(page, 'removed');

    // The last administrator cannot leave while others are members: the Account page says what to do.
    await page.getByRole('link', { name: 'Account' }).click();
    await heading(page, 'Your account');
    await page.getByRole('button', { name: 'Leave organization' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Leave organization' }).click();
    await poll(() =>
      page.getByRole('alert').filter({ hasText: 'You are the last administrator' }).count(),
    ).toBe(1);
    await page.getByRole('link', { name: 'on the Members page' }).waitFor();
    await shot(page, 'last-administrator');

    // A member leaves from their Account page: signed out, limited, and told how to come back.
    const leaver = await newPage(browser, stack);
    await openPortal(leaver.page, LEAVER);
    expect(await leaver.page.getByRole('link', { name: 'Members', exact: true }).count()).toBe(0);
    await leaver.page.getByRole('link', { name: 'Account' }).click();
    await heading(leaver.page, 'Your account');
    await leaver.page.getByRole('button', { name: 'Leave organization' }).click();
    const leaveDialog = leaver.page.getByRole('dialog', { name: /^Leave Acme/ });
    await shot(leaver.page, 'leave-dialog');
    await leaveDialog.getByRole('button', { name: 'Leave organization' }).click();
    await leaver.page.getByRole('heading', { level: 3, name: /^You left Acme/ }).waitFor();
    await poll(() => leaver.page.getByText(/Your access is now limited/).count()).toBe(1);
    await poll(() => leaver.page.getByText(/No groups of yours had to be deleted/).count()).toBe(1);
    // The profile shows the account the API answered: no organization any more.
    expect(await leaver.page.locator('.profile').textContent()).not.toMatch(/Acme/);
    expect(await leaver.page.getByRole('link', { name: 'Account' }).count()).toBe(0);
    await expectNoHorizontalScrollAt360(leaver.page, () => shot(leaver.page, 'left-360'));
    expect(await me(LEAVER)).toMatchObject({ state: 'REGISTER_BUSINESS', accessLevel: 'LIMITED' });
    expect(leaver.errors).toEqual([]);
    await leaver.context.close();

    // The audit log: every change above, newest first, with its filters.
    await page.goto('/portal/audit-log');
    await heading(page, 'Audit log');
    const log = page.getByRole('table', { name: 'Audit log entries' });
    const kinds = async () => log.locator('tbody th').allTextContents();
    await poll(kinds).toEqual([
      'Member left',
      'Member removed',
      'Joined',
      'Join request declined',
      'Joined',
      'Membership policy changed',
      'Joined',
      'Joined',
      'Joined',
    ]);
    expect(await log.getByRole('row', { name: /Join request declined/ }).textContent()).toMatch(
      /Reason: Contractors use the partner programme/,
    );
    expect(await log.getByRole('row', { name: /Membership policy changed/ }).textContent()).toMatch(
      /From Automatic to Approval/,
    );
    expect(await log.getByRole('row', { name: /Member removed/ }).textContent()).toMatch(
      /removed@acme\.example/,
    );
    await expectLabelledControls(page);
    // At 1024 px the entries fit their box: long addresses and details wrap instead of scrolling sideways.
    const logBox = page.locator('.table-scroll', { has: log });
    expect(await logBox.evaluate((box) => box.scrollWidth <= box.clientWidth)).toBe(true);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'audit-log-360'));
    await shot(page, 'audit-log');

    // By kind.
    await page.getByLabel('Kind of change').selectOption('MEMBER_JOINED');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await poll(kinds).toEqual(['Joined', 'Joined', 'Joined', 'Joined', 'Joined']);
    expect(await log.getByRole('row', { name: /colleague@acme\.example/ }).textContent()).toMatch(
      /Joined by approval as member/,
    );

    // By person: a name in the table keeps that person's entries.
    await page.getByLabel('Kind of change').selectOption('');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await poll(kinds).toHaveLength(9);
    await log.getByRole('link', { name: REMOVED }).first().click();
    await poll(() => page.getByText(`Showing the entries about ${REMOVED}.`).count()).toBe(1);
    await poll(kinds).toEqual(['Member removed', 'Joined']);
    await shot(page, 'audit-log-person');

    // The same pages in French and Japanese, at 360 px: translated labels, dates in the language, no overflow.
    await page.getByLabel('Language').selectOption('fr');
    await heading(page, 'Journal d’audit');
    const frenchLog = page.getByRole('table', { name: 'Entrées du journal d’audit' });
    await poll(() => frenchLog.locator('tbody th').allTextContents()).toEqual(['Membre retiré', 'Adhésion']);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'fr-audit-log-360'));
    await page.getByRole('link', { name: 'Membres', exact: true }).click();
    await heading(page, 'Membres');
    await page.getByRole('table', { name: 'Membres', exact: true }).waitFor();
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'fr-members-360'));
    await page.getByLabel('Langue').selectOption('ja');
    await heading(page, 'メンバー');
    await page.getByRole('heading', { level: 2, name: '参加リクエスト' }).waitFor();
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'ja-members-360'));

    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});

/** The focused element's accessible text. */
async function expectFocusedName(page: Page, name: string): Promise<void> {
  await poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toBe(name);
}
