import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  mailbox,
  PASSWORD,
  removeData,
  signIn,
  startStack,
  TEST_DEMO_PRODUCTS,
  verifiedPerson,
  type RunningStack,
} from '../integration/local-stack';
import { hasHorizontalScroll, launchChromium, screenshots } from './browser';
import { expectSelectsShowTheirChoices } from './pages';

/**
 * The web client (web/) in Chromium against the local stack, as `npm start` serves it: the client and the API
 * on one origin. Forms are driven by their labels and roles only (getByLabel/getByRole), so every control
 * used has an accessible name; each journey also checks the page never scrolls sideways at 360 px.
 */

let stack: RunningStack;
let browser: Browser;
let sequence = 0;
const uniqueEmail = (domain: string) => `web${Date.now()}${(sequence += 1)}@${domain}`;

beforeAll(async () => {
  // The browser first: without Chromium the project fails at once, with how to install it.
  browser = await launchChromium();
  stack = await startStack({ env: { CODE_RESEND_INTERVAL_SECONDS: '1' } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (stack) removeData(stack);
});

/** expect.poll with room for a busy 2-core machine (its default gives up after one second). */
function poll<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, baseURL: stack.apiUrl });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) errors.push(message.text());
  });
  return { context, page, errors };
}

async function heading(page: Page, name: string | RegExp): Promise<Locator> {
  const locator = page.getByRole('heading', { level: 1, name });
  await locator.waitFor();
  return locator;
}

async function expectFocused(locator: Locator): Promise<void> {
  await poll(() => locator.evaluate((element) => element === document.activeElement)).toBe(true);
}

/** The field the API named: marked invalid, its message shown and tied to it, and focused. */
async function expectFieldError(field: Locator, message: RegExp): Promise<void> {
  await poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId).toBeDefined();
  const error = field.page().locator(`[id="${errorId}"]`);
  expect(await error.isVisible()).toBe(true);
  expect(await error.textContent()).toMatch(message);
  await expectFocused(field);
}

/** Every form control on the page has a label (or an aria-label), and every aria-describedby id exists. */
async function expectLabelledControls(page: Page): Promise<void> {
  const problems = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')].flatMap((control) => {
      const named = (control.labels?.length ?? 0) > 0 || control.getAttribute('aria-label');
      const missing = (control.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((id) => id && !document.getElementById(id));
      return [
        ...(named ? [] : [`${control.name} has no label`]),
        ...missing.map((id) => `${control.name} is described by missing #${id}`),
      ];
    }),
  );
  expect(problems).toEqual([]);
}

/** At 360 px the page does not scroll sideways; `shoot` saves how it looks there. */
async function expectNoHorizontalScrollAt360(page: Page, shoot?: () => Promise<void>): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shoot?.();
  if (before) await page.setViewportSize(before);
}

async function statusSays(page: Page, text: RegExp): Promise<void> {
  await poll(() => page.getByRole('status').textContent()).toMatch(text);
}

async function signInThroughTheForm(page: Page, email: string): Promise<void> {
  await page.goto('/signin');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function chooseCustomerAccess(page: Page): Promise<void> {
  await heading(page, /^Welcome/);
  await page.getByLabel('I work for a customer').check();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function fillRegistration(page: Page, phone = '+49 89 1234567'): Promise<void> {
  await heading(page, 'Register your business');
  await page.getByLabel('Company name').fill('Acme Manufacturing');
  await page.getByLabel('Job title').fill('Maintenance engineer');
  await page.getByLabel('Work phone').fill(phone);
  await page.getByLabel('Street address').fill('Werkstrasse 1');
  await page.getByLabel('City').fill('Munich');
  await page.getByLabel('Postal code').fill('80331');
  await page.getByLabel('Country').selectOption('DE');
}

describe('the web client', () => {
  it('takes an Acme employee from sign-up to the portal, and lets them, as administrator, use every section', async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('acme');
    const email = uniqueEmail('acme.example');
    const mail = mailbox(stack);

    // Sign up; a weak password is refused next to its field.
    await page.goto('/');
    await heading(page, 'Sign in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading(page, 'Create your account');
    await expectLabelledControls(page);
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('First name').fill('Dana');
    await page.getByLabel('Last name').fill('Scully');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectFieldError(page.getByLabel('Password'), /at least 12 characters/);
    await shot(page, 'sign-up-error');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    // The emailed code: a wrong one first, then a fresh one after a resend.
    await heading(page, 'Enter the code we emailed you');
    await statusSays(page, /We sent a 6-digit code/);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await poll(() => mail.latestCode(email).catch(() => '')).toMatch(/^\d{6}$/);
    const firstCode = await mail.latestCode(email);
    const wrongCode = firstCode.replace(/^./, (digit) => String((Number(digit) + 1) % 10));
    await page.getByLabel('Verification code').fill(wrongCode);
    await page.getByRole('button', { name: 'Verify email' }).click();
    await expectFieldError(page.getByLabel('Verification code'), /code/i);
    await shot(page, 'wrong-code');
    // The stack allows a resend one second after the last send (CODE_RESEND_INTERVAL_SECONDS).
    await page.waitForTimeout(1_100);
    const sentBefore = (await mail.emailsTo(email)).length;
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await statusSays(page, /new code is on its way/);
    await poll(async () => (await mail.emailsTo(email)).length).toBeGreaterThan(sentBefore);
    await page.getByLabel('Verification code').fill(await mail.latestCode(email));
    await page.getByRole('button', { name: 'Verify email' }).click();

    // Sign in (Cognito from the browser), access type, registration (a bad phone first).
    await heading(page, 'Sign in');
    await statusSays(page, /verified/);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Password').fill('Wrong-Password-123!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').first().textContent()).toMatch(/Incorrect email or password/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await chooseCustomerAccess(page);
    await fillRegistration(page, '12345');
    await expectLabelledControls(page);
    await expectNoHorizontalScrollAt360(page);
    await page.getByRole('button', { name: 'Register business' }).click();
    await expectFieldError(page.getByLabel('Work phone'), /international number/);
    await shot(page, 'registration-error');
    await page.getByLabel('Work phone').fill('+49 89 1234567');
    await page.getByRole('button', { name: 'Register business' }).click();

    // The Summary: counts, the chart, the sites.
    await heading(page, 'Summary');
    expect(page.url()).toMatch(/\/portal$/);
    // The tokens were issued before the account joined Acme: the client takes new ones, which name it.
    await poll(() =>
      page.evaluate(() => {
        const session = JSON.parse(sessionStorage.getItem('portico.session') ?? '{}') as { idToken?: string };
        const payload = session.idToken?.split('.')[1];
        if (!payload) return undefined;
        const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<
          string,
          unknown
        >;
        return claims['portico:organization'];
      }),
    ).toBe('org-acme');
    await statusSays(page, /business account is active/);
    const products = page.locator('.stat.total dd');
    expect(await products.textContent()).toBe(String(TEST_DEMO_PRODUCTS));
    const bars = page.getByRole('img', { name: /\d+ active, \d+ expiring, \d+ expired/ });
    expect(await bars.count()).toBeGreaterThan(1);
    expect(
      await page.getByRole('table', { name: 'Products by site' }).getByRole('row').count(),
    ).toBeGreaterThan(1);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'summary-360px'));
    await shot(page, 'summary');

    // Sites, a page at a time.
    await page.getByRole('link', { name: 'Sites', exact: true }).click();
    await heading(page, 'Sites');
    const siteRows = page.getByRole('table', { name: 'Sites' }).locator('tbody tr');
    expect(await siteRows.count()).toBe(25);
    await page.getByRole('button', { name: 'Show more sites' }).click();
    await poll(() => siteRows.count()).toBe(36);
    await statusSays(page, /11 more sites shown; that is all/);
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await poll(() => page.url()).toMatch(/country=DE/);
    await poll(() => siteRows.count()).toBeLessThan(36);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'sites');

    // Products: filters and "more".
    await page.getByRole('link', { name: 'Products', exact: true }).click();
    await heading(page, 'Products');
    const productRows = page.getByRole('table', { name: 'Products' }).locator('tbody tr');
    expect(await productRows.count()).toBe(25);
    await page.getByRole('button', { name: 'Show more products' }).click();
    await poll(() => productRows.count()).toBe(50);
    await page.getByLabel('Support status').selectOption('EXPIRED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await poll(() => page.url()).toMatch(/status=EXPIRED/);
    // The filtered page replaces the unfiltered one once it has loaded.
    await poll(async () => [...new Set(await productRows.locator('.badge').allTextContents())]).toEqual([
      'Expired',
    ]);
    await expectNoHorizontalScrollAt360(page, () => shot(page, 'products-360px'));
    await shot(page, 'products');

    // Groups: an unknown service tag is named at its field; a group of families is created, renamed, shown.
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await heading(page, 'Groups');
    await expectLabelledControls(page);
    await page.getByLabel('Group name').fill('Odd tags');
    await page.getByLabel('Products (by service tag)').check();
    await page.getByLabel('Service tags').fill('NO-SUCH-TAG-1');
    await page.getByRole('button', { name: 'Create group' }).click();
    await expectFieldError(page.getByLabel('Service tags'), /.+/);
    await shot(page, 'group-error');
    await page.getByLabel('Group name').fill('Critical families');
    await page.getByLabel('Product families', { exact: true }).check();
    const families = page.getByRole('group', { name: 'Product families' }).getByRole('checkbox');
    await families.nth(0).check();
    await families.nth(1).check();
    await page.getByLabel('Share with everyone in my organization').check();
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 3, name: 'Critical families' }).waitFor();
    await statusSays(page, /Group “Critical families” created/);
    await page.getByRole('button', { name: 'Edit Critical families' }).click();
    await page.getByLabel('Group name').fill('Critical product families');
    await page.getByRole('button', { name: 'Save group' }).click();
    await page.getByRole('heading', { level: 3, name: 'Critical product families' }).waitFor();
    await shot(page, 'groups');
    await page.getByRole('link', { name: 'Summary of Critical product families' }).click();
    await heading(page, 'Summary');
    await poll(() => page.getByRole('main').getByText('Group “Critical product families”').count()).toBe(1);
    const groupTotal = Number(await products.textContent());
    expect(groupTotal).toBeGreaterThan(0);
    expect(groupTotal).toBeLessThan(TEST_DEMO_PRODUCTS);
    await shot(page, 'group-summary');
    await page.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('button', { name: 'Delete Critical product families' }).click();
    await page.getByRole('button', { name: 'Yes, delete Critical product families' }).click();
    await statusSays(page, /Group “Critical product families” deleted/);
    await poll(() => page.getByRole('heading', { level: 3 }).count()).toBe(0);

    // Settings (the first Acme employee is the administrator): visibility; then the Members page.
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await heading(page, 'Settings');
    await expectLabelledControls(page);
    await page.getByLabel('Members see only the sites ticked below').check();
    const allowedSites = page.getByRole('group', { name: 'Allowed sites' }).getByRole('checkbox');
    await allowedSites.nth(0).check();
    await allowedSites.nth(1).check();
    await page.getByRole('button', { name: 'Save visibility' }).click();
    await statusSays(page, /Visibility saved/);
    const visibility = await apiClient(stack)('GET', '/v1/portal/visibility', {
      token: await signIn(stack, email, PASSWORD),
    });
    expect((visibility.body.sites as string[]).length).toBe(2);
    expect(visibility.body.families).toBe('ALL');
    // The alerts' one choice reads as a sentence across its box, not squeezed into a column of a list.
    const digest = page.getByRole('group', { name: 'Email alerts' });
    const [box, label] = await Promise.all([
      digest.boundingBox(),
      digest.locator('label').first().boundingBox(),
    ]);
    expect(label!.width).toBeGreaterThan(box!.width * 0.6);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'settings');
    await page.getByRole('link', { name: 'Members', exact: true }).click();
    await heading(page, 'Members');
    const members = page.getByRole('table', { name: 'Members' });
    expect(
      await members
        .getByRole('row', { name: /Dana Scully/ })
        .getByRole('cell', { name: 'Administrator' })
        .count(),
    ).toBe(1);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'members');

    // The session survives a reload of the tab; signing out ends it.
    await page.reload();
    await heading(page, 'Members');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    await page.goto('/portal');
    await heading(page, 'Sign in');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a Northland employee pick their division among the three that share the domain', async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('northland');
    const email = uniqueEmail('northland.gov.example');
    await verifiedPerson(stack, email);

    await signInThroughTheForm(page, email);
    await chooseCustomerAccess(page);
    await fillRegistration(page);
    await page.getByRole('button', { name: 'Register business' }).click();

    await heading(page, 'Choose your division');
    const divisions = page.getByRole('group', { name: 'Your division' }).getByRole('radio');
    expect(await divisions.count()).toBe(3);
    await expectLabelledControls(page);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'divisions');
    // Nothing chosen: the API's answer is shown at the group.
    await page.getByRole('button', { name: 'Join division' }).click();
    await poll(() => divisions.first().getAttribute('aria-invalid')).toBe('true');
    // A reload keeps the step and asks for the divisions again.
    await page.reload();
    await heading(page, 'Choose your division');
    await page.getByLabel('Northland Department of Transport').check();
    await page.getByRole('button', { name: 'Join division' }).click();

    await heading(page, 'Summary');
    await poll(() => page.locator('.organization').textContent()).toMatch(
      /Northland Department of Transport/,
    );
    await shot(page, 'summary');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets someone whose domain nobody owns submit their organization and follow its review to approval', async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('new-organization');
    const domain = `globex${Date.now()}.example`;
    const email = uniqueEmail(domain);
    await verifiedPerson(stack, email);

    await signInThroughTheForm(page, email);
    await chooseCustomerAccess(page);
    await fillRegistration(page);
    await page.getByRole('button', { name: 'Register business' }).click();

    await heading(page, 'Submit your organization');
    await expectLabelledControls(page);
    await page.getByLabel('Legal name of the organization').fill('Globex Corporation');
    await page.getByLabel('Website').fill('not a website');
    await page.getByLabel('Street address').fill('1 Globex Way');
    await page.getByLabel('City').fill('Cypress Creek');
    await page.getByLabel('Postal code').fill('12345');
    await page.getByLabel('Country').selectOption('US');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expectFieldError(page.getByLabel('Website'), /https/);
    await page.getByLabel('Website').fill(`https://www.${domain}`);
    await page.getByRole('button', { name: 'Submit for review' }).click();

    // Pending: the progress shows where the review is, and follows it.
    await heading(page, 'Your organization is under review');
    const current = page.locator('ol.progress [aria-current="step"]');
    await poll(() => current.textContent(), 30_000).toMatch(/In review/);
    await expectNoHorizontalScrollAt360(page);
    await shot(page, 'review-pending');

    // An operator approves; the page notices at its next check and opens the portal.
    const api = apiClient(stack);
    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    const open = await api('GET', '/v1/operator/organization-requests?status=open', { token: operatorToken });
    const request = (open.body.items as { requestId: string; domain: string }[]).find(
      (item) => item.domain === domain,
    );
    expect(request).toBeDefined();
    const decided = await api('POST', `/v1/operator/organization-requests/${request?.requestId}/decision`, {
      token: operatorToken,
      body: { outcome: 'APPROVE', note: 'Checked by the e2e test' },
    });
    expect(decided.status).toBe(201);
    await page.getByRole('heading', { level: 1, name: 'Summary' }).waitFor({ timeout: 45_000 });
    await poll(() => page.locator('.organization').textContent()).toMatch(
      /Globex Corporation.*administrator/,
    );
    await shot(page, 'approved-summary');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a person reset a forgotten password, then change it, export their data and sign out everywhere', async () => {
    const { context, page, errors } = await newPage();
    const shot = screenshots('account');
    const email = uniqueEmail('acme.example');
    await verifiedPerson(stack, email);
    // Codes of every purpose share one send throttle (1 s here).
    await new Promise((resolve) => setTimeout(resolve, 1100));

    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await heading(page, 'Forgot your password?');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a reset code' }).click();
    await heading(page, 'Set a new password');
    await page.getByLabel('Reset code').fill(await mailbox(stack).latestCode(email, 'password reset'));
    await page.getByLabel('New password').fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expectFieldError(page.getByLabel('New password'), /at least 12 characters/);
    await shot(page, 'reset-password');
    await page.getByLabel('New password').fill('Reset-Horse-Battery-1!');
    await page.getByRole('button', { name: 'Set new password' }).click();

    await heading(page, 'Sign in');
    await page.getByLabel('Password').fill('Reset-Horse-Battery-1!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, /^Welcome/);
    await page.getByRole('link', { name: 'Account' }).click();
    await heading(page, 'Your account');
    await expectLabelledControls(page);
    await expectNoHorizontalScrollAt360(page);

    // The Account page has three forms asking for the current password: change it, change the email, delete.
    const passwordForm = page.getByRole('form', { name: 'Change password' });
    await passwordForm.getByLabel('Current password').fill('Reset-Horse-Battery-1!');
    await passwordForm.getByLabel('New password').fill('Changed-Horse-Battery-2!');
    await passwordForm.getByRole('button', { name: 'Change password' }).click();
    await poll(() => page.locator('#status').textContent()).toMatch(/Every other session was signed out/);
    expect(await passwordForm.getByLabel('Current password').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Export my data' }).click();
    await poll(() => page.getByRole('link', { name: /portico-export\.json/ }).isVisible()).toBe(true);
    await shot(page, 'account');

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await heading(page, 'Sign in');
    expect(await signIn(stack, email, 'Changed-Horse-Battery-2!')).toMatch(/^ey/);
    expect(errors).toEqual([]);
    await context.close();
  });

  /**
   * The same journey in French (chosen by the browser's language) and in Japanese (chosen with the switcher),
   * on a 360 px wide page: every step's words come from the language's message file, the page never scrolls
   * sideways and no text is cut off. Screenshots: test/.artifacts/screenshots/{fr,ja}-*.png.
   */
  const LOCALIZED = {
    fr: {
      signIn: 'Se connecter',
      createAccount: 'Créer un compte',
      signUpTitle: 'Créez votre compte',
      workEmail: 'E-mail professionnel',
      password: 'Mot de passe',
      firstName: 'Prénom',
      lastName: 'Nom',
      country: 'Pays',
      createButton: 'Créer le compte',
      passwordError: /au moins 12 caractères/,
      verifyTitle: 'Saisissez le code reçu par e-mail',
      code: 'Code de vérification',
      verifyButton: 'Vérifier l’adresse e-mail',
      emailSubject: /code de vérification/,
      welcome: /^Bienvenue/,
      customer: 'Je travaille pour un client',
      continue: 'Continuer',
      registrationTitle: 'Inscription professionnelle',
      companyName: 'Nom de l’entreprise',
      jobTitle: 'Fonction',
      phone: 'Téléphone professionnel',
      street: 'Adresse',
      city: 'Ville',
      postalCode: 'Code postal',
      registerButton: 'Enregistrer l’entreprise',
      summary: 'Synthèse',
      active: /compte professionnel est actif/,
      bySite: 'Produits par site',
      sites: 'Sites',
      products: 'Produits',
      account: 'Compte',
      accountTitle: 'Votre compte',
    },
    ja: {
      signIn: 'サインイン',
      createAccount: 'アカウントを作成',
      signUpTitle: 'アカウントの作成',
      workEmail: '勤務先のメールアドレス',
      password: 'パスワード',
      firstName: '名',
      lastName: '姓',
      country: '国',
      createButton: 'アカウントを作成',
      passwordError: /12 文字以上/,
      verifyTitle: 'メールで届いたコードを入力してください',
      code: '確認コード',
      verifyButton: 'メールアドレスを確認',
      emailSubject: /確認コード/,
      welcome: /^ようこそ/,
      customer: '顧客企業に勤務しています',
      continue: '次へ',
      registrationTitle: '法人登録',
      companyName: '会社名',
      jobTitle: '役職',
      phone: '勤務先の電話番号',
      street: '番地・建物名',
      city: '市区町村',
      postalCode: '郵便番号',
      registerButton: '法人登録する',
      summary: '概要',
      active: /法人アカウントが有効/,
      bySite: 'サイト別の製品',
      sites: 'サイト',
      products: '製品',
      account: 'アカウント',
      accountTitle: 'アカウント',
    },
  } as const;

  /** Text the page cuts off: a box that hides or clips its overflow and whose content is larger than it. */
  async function clippedText(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((element) => {
          if (element.closest('.visually-hidden, .table-scroll, svg, option')) return false;
          if (!element.textContent?.trim() || element.getClientRects().length === 0) return false;
          const style = getComputedStyle(element);
          const clips = [style.overflowX, style.overflowY].some(
            (value) => value === 'hidden' || value === 'clip',
          );
          const overflows =
            element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
          const outside = element.getBoundingClientRect().right > document.documentElement.clientWidth + 1;
          return ((clips || style.textOverflow === 'ellipsis') && overflows) || outside;
        })
        .map((element) => `${element.tagName.toLowerCase()}: ${element.textContent?.trim().slice(0, 60)}`),
    );
  }

  async function fitsAt360(page: Page, shoot: () => Promise<void>): Promise<void> {
    expect(page.viewportSize()?.width).toBe(360);
    expect(await hasHorizontalScroll(page)).toBe(false);
    expect(await clippedText(page)).toEqual([]);
    await shoot();
  }

  it.each(['fr', 'ja'] as const)(
    'takes an Acme employee through the whole journey in %s at 360 px, text fitting, emails and errors in it',
    async (locale) => {
      const words = LOCALIZED[locale];
      // French from the browser's languages; Japanese chosen with the switcher on an English page.
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        baseURL: stack.apiUrl,
        locale: locale === 'fr' ? 'fr-FR' : 'en-US',
      });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      const shot = screenshots(locale);
      const email = uniqueEmail('acme.example');
      const mail = mailbox(stack);

      await page.goto('/');
      if (locale === 'ja') {
        await heading(page, 'Sign in');
        await page.getByLabel('Language').selectOption('ja');
      }
      await heading(page, words.signIn);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      await fitsAt360(page, () => shot(page, 'sign-in'));

      // Sign-up: the API's field error comes back in the page's language (Accept-Language).
      await page.getByRole('link', { name: words.createAccount }).click();
      await heading(page, words.signUpTitle);
      await expectLabelledControls(page);
      await page.getByLabel(words.workEmail).fill(email);
      await page.getByLabel(words.password, { exact: true }).fill('short');
      await page.getByLabel(words.firstName, { exact: true }).fill('Dana');
      await page.getByLabel(words.lastName, { exact: true }).fill('Scully');
      await page.getByLabel(words.country, { exact: true }).selectOption('DE');
      await page.getByRole('button', { name: words.createButton }).click();
      await expectFieldError(page.getByLabel(words.password, { exact: true }), words.passwordError);
      await fitsAt360(page, () => shot(page, 'sign-up-error'));
      await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: words.createButton }).click();

      // The code comes by email in the language of the page that signed up (the account's `locale`).
      await heading(page, words.verifyTitle);
      await poll(async () => (await mail.emailsTo(email)).at(-1)?.subject ?? '').toMatch(words.emailSubject);
      const code = /(\d{6})/.exec((await mail.emailsTo(email)).at(-1)?.subject ?? '')?.[1] ?? '';
      await page.getByLabel(words.code).fill(code);
      await fitsAt360(page, () => shot(page, 'verify'));
      await page.getByRole('button', { name: words.verifyButton }).click();

      await heading(page, words.signIn);
      await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: words.signIn }).click();
      await heading(page, words.welcome);
      await fitsAt360(page, () => shot(page, 'access-type'));
      await page.getByLabel(words.customer).check();
      await page.getByRole('button', { name: words.continue }).click();

      await heading(page, words.registrationTitle);
      await page.getByLabel(words.companyName).fill('Acme Manufacturing');
      await page.getByLabel(words.jobTitle).fill('Maintenance engineer');
      await page.getByLabel(words.phone).fill('+49 89 1234567');
      await page.getByLabel(words.street, { exact: true }).fill('Werkstrasse 1');
      await page.getByLabel(words.city, { exact: true }).fill('Munich');
      await page.getByLabel(words.postalCode, { exact: true }).fill('80331');
      await page.getByLabel(words.country, { exact: true }).selectOption('DE');
      await expectLabelledControls(page);
      await fitsAt360(page, () => shot(page, 'registration'));
      await page.getByRole('button', { name: words.registerButton }).click();

      // The portal: counts as the language writes numbers, the sections, the account page.
      await heading(page, words.summary);
      await statusSays(page, words.active);
      // What this person may see (an earlier test may have narrowed Acme's visibility), as the language writes it.
      const summary = await apiClient(stack)('GET', '/v1/portal/summary', {
        token: await signIn(stack, email, PASSWORD),
      });
      const totals = summary.body.totals as { total: number };
      expect(await page.locator('.stat.total dd').textContent()).toBe(
        new Intl.NumberFormat(locale).format(totals.total),
      );
      const asOf = new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        timeZone: 'UTC',
      });
      expect(await page.getByRole('main').textContent()).toContain(
        asOf.format(new Date(summary.body.asOf as string)),
      );
      expect(await page.getByRole('table', { name: words.bySite }).getByRole('row').count()).toBeGreaterThan(
        1,
      );
      await fitsAt360(page, () => shot(page, 'summary'));
      await page.getByRole('link', { name: words.sites, exact: true }).click();
      await heading(page, words.sites);
      await fitsAt360(page, () => shot(page, 'sites'));
      await page.getByRole('link', { name: words.products, exact: true }).click();
      await heading(page, words.products);
      await fitsAt360(page, () => shot(page, 'products'));
      // The filters' drop-downs show their longest choice ("Fin du support, décroissante") at 360 px too.
      await expectSelectsShowTheirChoices(page);
      await page.getByRole('link', { name: words.account, exact: true }).click();
      await heading(page, words.accountTitle);
      await fitsAt360(page, () => shot(page, 'account'));

      // Switching language signed in changes the account's `locale` too (PUT /v1/me/locale): emails follow.
      await page.getByLabel(locale === 'fr' ? 'Langue' : '言語').selectOption('en');
      await heading(page, 'Your account');
      const token = await signIn(stack, email, PASSWORD);
      await poll(async () => (await apiClient(stack)('GET', '/v1/me', { token })).body.locale).toBe('en');
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it('lets an administrator invite a colleague, who signs up from the emailed link, accepts and lands in the portal', async () => {
    const api = apiClient(stack);
    const mail = mailbox(stack);
    const shot = screenshots('invitation');
    // The first person of Northland Health becomes its administrator (through the API: not what is tested).
    const domain = 'health.northland.gov.example';
    const adminEmail = uniqueEmail(domain);
    const adminToken = await verifiedPerson(stack, adminEmail);
    await api('PUT', '/v1/me/access-type', { token: adminToken, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
    const registered = await api('PUT', '/v1/me/registration', {
      token: adminToken,
      body: {
        companyName: 'Northland Health',
        jobTitle: 'IT lead',
        phone: '+49 89 1234567',
        address: { line1: 'Werkstrasse 1', city: 'Munich', postalCode: '80331' },
        country: 'DE',
      },
    });
    expect(registered.body).toMatchObject({ account: { organization: { role: 'ADMINISTRATOR' } } });

    // The administrator invites a colleague from the invitations page.
    const admin = await newPage();
    await signInThroughTheForm(admin.page, adminEmail);
    await heading(admin.page, 'Summary');
    await admin.page.goto('/portal/members');
    await admin.page.getByRole('heading', { level: 2, name: 'Invite people' }).waitFor();
    await expectLabelledControls(admin.page);
    const inviteeEmail = uniqueEmail(domain);
    await admin.page.getByLabel('Email addresses').fill(`${inviteeEmail}\nsomeone@gmail.com`);
    await admin.page.getByRole('button', { name: 'Send invitations' }).click();
    // Webmail is refused, named at the addresses field; nothing is sent.
    await expectFieldError(admin.page.getByLabel('Email addresses'), /someone@gmail\.com/);
    await admin.page.getByLabel('Email addresses').fill(inviteeEmail);
    await admin.page.getByRole('button', { name: 'Send invitations' }).click();
    await statusSays(admin.page, /1 invitation sent/);
    await poll(() => admin.page.getByRole('row', { name: new RegExp(inviteeEmail) }).count()).toBe(1);
    await expectNoHorizontalScrollAt360(admin.page);
    await shot(admin.page, 'pending');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    // The invitee opens the link of the email, signs up with the invited address and comes back to accept.
    await poll(async () => (await mail.emailsTo(inviteeEmail)).length).toBeGreaterThan(0);
    const text = (await mail.emailsTo(inviteeEmail)).find((email) => /invites you/.test(email.subject))?.body
      .text;
    const link = /(\/invitation\?token=[A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];
    expect(link).toBeDefined();
    const { context, page, errors } = await newPage();
    await page.goto(link ?? '/');
    await heading(page, 'Your invitation to Portico');
    await shot(page, 'link-signed-out');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await heading(page, 'Create your account');
    await page.getByLabel('Work email').fill(inviteeEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('First name').fill('Ines');
    await page.getByLabel('Last name').fill('Vidal');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(page, 'Enter the code we emailed you');
    await poll(() => mail.latestCode(inviteeEmail).catch(() => '')).toMatch(/^\d{6}$/);
    await page.getByLabel('Verification code').fill(await mail.latestCode(inviteeEmail));
    await page.getByRole('button', { name: 'Verify email' }).click();
    await heading(page, 'Sign in');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Your invitation to Portico');
    await shot(page, 'accept');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await heading(page, 'Summary');
    await statusSays(page, /Welcome to Northland Department of Health/);
    await shot(page, 'summary');
    expect(errors).toEqual([]);
    await context.close();
  });
});
