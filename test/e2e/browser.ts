import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download). CI installs it (.ci/run); a machine
 * without it fails the e2e project with this message rather than skipping it.
 */
export const CHROMIUM = process.env.PORTICO_CHROMIUM ?? '/usr/bin/chromium';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SCREENSHOTS = join(ROOT, 'test', '.artifacts', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The e2e tests drive Chromium at ${CHROMIUM}, which is missing. Install it with ` +
        '`apt-get install -y chromium` (Debian), or point PORTICO_CHROMIUM at a Chromium binary.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives every launch a fresh temporary profile (--user-data-dir). As root Chromium needs
    // --no-sandbox; without the background-networking flags it stalls on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page screenshot as `<journey>-<nn>-<step>.png`, numbered in the order they are taken. */
export function screenshots(journey: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  let count = 0;
  return async (page: Page, step: string): Promise<void> => {
    count += 1;
    const name = `${journey}-${String(count).padStart(2, '0')}-${step}.png`;
    await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
  };
}

/** The page scrolls sideways when its content is wider than the viewport. */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
