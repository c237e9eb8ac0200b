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
 * The Account page's change of email address and deletion of the account (docs/account.md), in Chromium
 * against the local stack. People are set up over the API (sign-up, access type, registration: Acme owns
 * acme.example, so they join it at once); the page itself is driven by labels and roles.
 */

let stack: RunningStack;
let browser: Browser;
let sequence = 0;
const unique = (label: string, domain = 'acme.example') =>
  `${label}${Date.now()}${(sequence += 1)}@${domain}`;

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

/** A person in Acme (the first one of this stack is its administrator). */
async function acmeEmployee(label: string): Promise<{ email: string; role: string }> {
  const email = unique(label);
  const token = await verifiedPerson(stack, email);
  const api = apiClient(stack);
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  const registered = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  expect(registered.body).toMatchObject({ outcome: 'ACTIVE' });
  const me = await api('GET', '/v1/me', { token: await signIn(stack, email, PASSWORD) });
  return { email, role: (me.body.organization as { role: string }).role };
}

async function openAccount(page: Page, email: string): Promise<void> {
  await signInThroughTheForm(page, email, PASSWORD);
  await heading(page, 'Summary');
  await page.getByRole('link', { name: 'Account' }).click();
  await heading(page, 'Your account');
}

async function changeEmailTo(page: Page, newEmail: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Change email address' });
  await form.getByLabel('New email address').fill(newEmail);
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Send a code to the new address' }).click();
  await page.getByRole('form', { name: 'Confirm the new email address' }).waitFor();
}

describe('the Account page', () => {
  it('changes the email address with the code sent to the new one, and says what the new domain means', async () => {
    const administrator = await acmeEmployee('admin.');
    expect(administrator.role).toBe('ADMINISTRATOR');
    administratorEmail = administrator.email;
    const { email } = await acmeEmployee('mover.');
    const { context, page, errors } = await newPage(browser, stack);
    const shot = screenshots('account-email');
    const mail = mailbox(stack);

    await openAccount(page, email);
    await expectLabelledControls(page);
    await shot(page, 'account-page');

    // Within Acme's domain: a wrong code first, then the right one; the person stays in Acme.
    const sameDomain = unique('moved.');
    await changeEmailTo(page, sameDomain);
    await shot(page, 'code-sent');
    await poll(() => mail.latestCode(sameDomain, 'email change').catch(() => '')).toMatch(/^\d{6}$/);
    const code = await mail.latestCode(sameDomain, 'email change');
    const confirm = page.getByRole('form', { name: 'Confirm the new email address' });
    await confirm.getByLabel('Code').fill(code.replace(/^./, (digit) => String((Number(digit) + 1) % 10)));
    await confirm.getByRole('button', { name: 'Change my email address' }).click();
    await expectFieldError(confirm.getByLabel('Code'), /code/i);
    await confirm.getByLabel('Code').fill(code);
    await confirm.getByRole('button', { name: 'Change my email address' }).click();
    await heading(page, `Your email address is now ${sameDomain}`, 3);
    await poll(() => page.locator('.email-change').textContent()).toMatch(/You are still in Acme/);
    // The profile above shows the new address at once.
    expect(await page.locator('dl.profile').textContent()).toContain(sameDomain);
    await statusSays(page, new RegExp(`now ${sameDomain.replace(/[.]/g, '\\.')}`));
    await shot(page, 'same-organization');

    // To a domain no organization owns: the person leaves Acme and is asked to register theirs.
    await page.reload();
    await heading(page, 'Your account');
    const newDomain = unique('founder.', `new${Date.now()}.example`);
    await changeEmailTo(page, newDomain);
    await poll(() => mail.latestCode(newDomain, 'email change').catch(() => '')).toMatch(/^\d{6}$/);
    await page.getByLabel('Code').fill(await mail.latestCode(newDomain, 'email change'));
    await page.getByRole('button', { name: 'Change my email address' }).click();
    await heading(page, `Your email address is now ${newDomain}`, 3);
    await poll(() => page.locator('.email-change').textContent()).toMatch(
      /No organization on Portico uses new\d+\.example yet/,
    );
    expect(await page.locator('.email-change').textContent()).toMatch(/no longer a member of Acme/);
    await page.getByRole('link', { name: 'Register your organization' }).waitFor();
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'organization-required-360'));
    await shot(page, 'organization-required');

    // An address another account has: refused next to the field.
    await page.reload();
    await heading(page, 'Your account');
    const form = page.getByRole('form', { name: 'Change email address' });
    await form.getByLabel('New email address').fill(administrator.email);
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Send a code to the new address' }).click();
    await poll(() => form.getByRole('alert').first().textContent()).toMatch(/Another Portico account/);
    await shot(page, 'address-taken');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('deletes the account after the password and a confirmation; the last administrator is told why not', async () => {
    const administrator = await acmeAdministrator();
    await acmeEmployee('stayer.');
    const { email: member } = await acmeEmployee('leaver.');
    const { context, page, errors } = await newPage(browser, stack);
    const shot = screenshots('account-delete');

    await openAccount(page, member);
    const form = page.getByRole('form', { name: 'Delete my account' });
    await form.getByLabel('Current password').fill('Wrong-Horse-Battery-0!');
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await expectFieldError(form.getByLabel(/I understand/), /Tick this box/);
    await shot(page, 'not-confirmed');
    await form.getByLabel(/I understand/).check();
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await expectFieldError(form.getByLabel('Current password'), /password/i);
    await shot(page, 'wrong-password');
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await heading(page, 'Sign in');
    await statusSays(page, /Your account was deleted/);
    await shot(page, 'deleted');
    await expect(signIn(stack, member, PASSWORD)).rejects.toThrow();
    expect((await mailbox(stack).emailsTo(member)).at(-1)?.subject).toBe('Your Portico account was deleted');

    // Acme's administrator, with other members: refused (409), with what to do.
    await openAccount(page, administrator);
    const adminForm = page.getByRole('form', { name: 'Delete my account' });
    await adminForm.getByLabel('Current password').fill(PASSWORD);
    await adminForm.getByLabel(/I understand/).check();
    await adminForm.getByRole('button', { name: 'Delete my account' }).click();
    await poll(() => adminForm.locator('.notice').textContent()).toMatch(/You are the last administrator/);
    await page.getByRole('link', { name: 'on the Members page' }).waitFor();
    await shot(page, 'last-administrator');
    await expect(signIn(stack, administrator, PASSWORD)).resolves.toEqual(expect.any(String));

    expect(errors).toEqual([]);
    await context.close();
  });
});

let administratorEmail: string | undefined;
/** Acme's administrator in this stack: the first test's, or a first employee made now (run alone). */
async function acmeAdministrator(): Promise<string> {
  if (administratorEmail) return administratorEmail;
  const first = await acmeEmployee('boss.');
  expect(first.role).toBe('ADMINISTRATOR');
  administratorEmail = first.email;
  return first.email;
}
