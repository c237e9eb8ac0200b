import { expect } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { RunningStack } from '../integration/local-stack';
import { hasHorizontalScroll } from './browser';

/**
 * What the account and operator specs share: a page on the stack's origin that records script errors, and
 * checks by role and label (the same as journey.test.ts's, which keeps its own).
 */

/** expect.poll with room for a busy 2-core machine (its default gives up after one second). */
export function poll<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 100 });
}

export async function newPage(
  browser: Browser,
  stack: RunningStack,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
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

export async function heading(page: Page, name: string | RegExp, level = 1): Promise<Locator> {
  const locator = page.getByRole('heading', { level, name });
  try {
    await locator.waitFor();
  } catch (error) {
    // What the page showed instead: a timeout alone says only what was not there.
    const shown = await page
      .locator('body')
      .innerText({ timeout: 1000 })
      .catch(() => '(the page could not be read)');
    throw new Error(`${String(error)}\nat ${page.url()}, the page showed:\n${shown.slice(0, 1500)}`, {
      cause: error,
    });
  }
  return locator;
}

export async function expectFocused(locator: Locator): Promise<void> {
  await poll(() => locator.evaluate((element) => element === document.activeElement)).toBe(true);
}

/** The field the API named: marked invalid, its message shown and tied to it, and focused. */
export async function expectFieldError(field: Locator, message: RegExp): Promise<void> {
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
export async function expectLabelledControls(page: Page): Promise<void> {
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

/**
 * No drop-down on the page cuts its choices off: each is wider than the text of its longest option, plus room
 * for its padding and arrow. Returns what was cut, by field name, for the expectation's message.
 */
export async function expectSelectsShowTheirChoices(page: Page): Promise<void> {
  const cut = await page.evaluate(() => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return ['no canvas to measure with'];
    return [...document.querySelectorAll('select')].flatMap((select) => {
      context.font = getComputedStyle(select).font;
      const longest = Math.max(
        ...[...select.options].map((option) => context.measureText(option.text).width),
      );
      return longest + 24 > select.clientWidth
        ? [
            `${select.name}: "${[...select.options].map((option) => option.text).join('", "')}" in ${select.clientWidth}px`,
          ]
        : [];
    });
  });
  expect(cut).toEqual([]);
}

/** At 360 px the page does not scroll sideways; `shoot` saves how it looks there. */
export async function expectNoHorizontalScrollAt360(page: Page, shoot?: () => Promise<void>): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await hasHorizontalScroll(page)).toBe(false);
  await shoot?.();
  if (before) await page.setViewportSize(before);
}

export async function statusSays(page: Page, text: RegExp): Promise<void> {
  await poll(() => page.getByRole('status').textContent()).toMatch(text);
}

export async function signInThroughTheForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/signin');
  await heading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The first request for a page builds web/dist when web/ changed (local/web-client.ts), which on a busy
 * machine takes longer than a navigation's timeout: done once here, in the (longer) beforeAll.
 */
export async function warmWebClient(stack: RunningStack): Promise<void> {
  const response = await fetch(new URL('/signin', stack.apiUrl));
  if (!response.ok) throw new Error(`the web client answered ${response.status}`);
  await response.text();
}
