import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MemberRole } from './account';
import { addDays, dayOf, EXPIRING_WITHIN_DAYS, type Product, type SiteCounters } from './portal';
import { inScope, type PortalScope } from './portal-visibility';

/**
 * The weekly support-expiry digest (issue 18): each member who wants it gets, once per ISO week, the products
 * they may see whose support enters EXPIRING or EXPIRED during that week, grouped by site. Pure rules: the
 * week, which end dates fall in it, who gets a digest by default, what one person's digest holds, and the
 * signed unsubscribe token.
 */

/** The digest goes out on Monday at this hour (UTC), after the night's roll-support-status run. */
export const DIGEST_HOUR_UTC = 6;

/** A digest lists at most this many products (the rest are counted, with a link to the portal). */
export const DIGEST_MAX_PRODUCTS = 200;

/** An ISO 8601 week: `2026-W49`, from Monday to Sunday (UTC days). */
export interface IsoWeek {
  readonly id: string;
  /** Monday, `YYYY-MM-DD`. */
  readonly from: string;
  /** Sunday, `YYYY-MM-DD`. */
  readonly to: string;
}

const DAY_MS = 86_400_000;

/** The ISO week holding `instant` (UTC). */
export function isoWeekOf(instant: Date): IsoWeek {
  const day = dayOf(instant);
  const weekday = (new Date(`${day}T00:00:00.000Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(day, -weekday);
  const thursday = addDays(monday, 3); // the week belongs to the year of its Thursday
  const year = Number(thursday.slice(0, 4));
  const firstOfYear = Date.parse(`${year}-01-01T00:00:00.000Z`);
  const week = Math.floor((Date.parse(`${thursday}T00:00:00.000Z`) - firstOfYear) / DAY_MS / 7) + 1;
  return { id: `${year}-W${String(week).padStart(2, '0')}`, from: monday, to: addDays(monday, 6) };
}

/** When the next digest of an organization is due: the first Monday DIGEST_HOUR_UTC strictly after `now`. */
export function nextDigestAt(now: Date): Date {
  const week = isoWeekOf(now);
  const thisWeeks = new Date(`${week.from}T00:00:00.000Z`).getTime() + DIGEST_HOUR_UTC * 3_600_000;
  return new Date(thisWeeks > now.getTime() ? thisWeeks : thisWeeks + 7 * DAY_MS);
}

/**
 * The support end dates of the products whose status changes during `week`: EXPIRING begins
 * EXPIRING_WITHIN_DAYS before the end date, EXPIRED the day after it (domain/portal.ts supportStatusOn).
 */
export function endDatesChangingIn(week: IsoWeek): {
  readonly expiring: { readonly from: string; readonly to: string };
  readonly expired: { readonly from: string; readonly to: string };
} {
  return {
    expiring: { from: addDays(week.from, EXPIRING_WITHIN_DAYS), to: addDays(week.to, EXPIRING_WITHIN_DAYS) },
    expired: { from: addDays(week.from, -1), to: addDays(week.to, -1) },
  };
}

export type DigestChange = 'EXPIRING' | 'EXPIRED';

/** A product of the digest, with the status it enters and the day it does. */
export interface DigestLine {
  readonly product: Pick<Product, 'serviceTag' | 'model' | 'family' | 'siteId' | 'supportEndDate'>;
  readonly change: DigestChange;
  /** The day the status changes, `YYYY-MM-DD`. */
  readonly on: string;
}

/** What a product does during `week`, if anything (a product enters at most one status in a week). */
export function changeInWeek(
  product: Pick<Product, 'supportEndDate'>,
  week: IsoWeek,
): { readonly change: DigestChange; readonly on: string } | undefined {
  const expiringOn = addDays(product.supportEndDate, -EXPIRING_WITHIN_DAYS);
  if (expiringOn >= week.from && expiringOn <= week.to) return { change: 'EXPIRING', on: expiringOn };
  const expiredOn = addDays(product.supportEndDate, 1);
  if (expiredOn >= week.from && expiredOn <= week.to) return { change: 'EXPIRED', on: expiredOn };
  return undefined;
}

/** Whether a member gets the digest: their own choice, else administrators do and members do not. */
export function receivesDigest(role: MemberRole, choice: boolean | undefined): boolean {
  return choice ?? role === 'ADMINISTRATOR';
}

export interface DigestSection {
  readonly siteId: string;
  readonly siteName: string;
  readonly lines: readonly DigestLine[];
}

export interface Digest {
  readonly week: IsoWeek;
  readonly sections: readonly DigestSection[];
  /** Products of the week the person may see, listed or not. */
  readonly total: number;
  /** Products left out of the sections (above DIGEST_MAX_PRODUCTS). */
  readonly omitted: number;
}

/**
 * One person's digest: the week's changes they may see (`scope`), by site (sites by name, products by day then
 * service tag), at most DIGEST_MAX_PRODUCTS listed. Undefined when nothing they may see changes.
 */
export function digestFor(
  scope: PortalScope,
  week: IsoWeek,
  products: readonly DigestLine['product'][],
  sites: readonly Pick<SiteCounters, 'siteId' | 'name'>[],
): Digest | undefined {
  const lines: DigestLine[] = [];
  for (const product of products) {
    if (!inScope(scope, product)) continue;
    const change = changeInWeek(product, week);
    if (change) lines.push({ product, ...change });
  }
  if (lines.length === 0) return undefined;
  const names = new Map(sites.map((site) => [site.siteId, site.name]));
  lines.sort(
    (a, b) =>
      (names.get(a.product.siteId) ?? a.product.siteId).localeCompare(
        names.get(b.product.siteId) ?? b.product.siteId,
      ) ||
      a.product.siteId.localeCompare(b.product.siteId) ||
      a.on.localeCompare(b.on) ||
      a.product.serviceTag.localeCompare(b.product.serviceTag),
  );
  const listed = lines.slice(0, DIGEST_MAX_PRODUCTS);
  const sections: DigestSection[] = [];
  for (const line of listed) {
    const last = sections.at(-1);
    if (last && last.siteId === line.product.siteId) (last.lines as DigestLine[]).push(line);
    else
      sections.push({
        siteId: line.product.siteId,
        siteName: names.get(line.product.siteId) ?? line.product.siteId,
        lines: [line],
      });
  }
  return { week, sections, total: lines.length, omitted: lines.length - listed.length };
}

/**
 * The unsubscribe token of a digest: `<payload>.<mac>`, both base64url; the payload is
 * `{ o: organizationId, u: userId }`, the MAC an HMAC-SHA256 over a purpose label and the payload, with the
 * code secret (a label of its own, so no one-time-code hash can pass for a token). No expiry: an old digest's
 * link still only turns the digest off, which is what its reader wants, and it names no one to whoever holds it.
 */
const TOKEN_PURPOSE = 'portico:support-digest:unsubscribe:v1';

export interface DigestSubscriber {
  readonly organizationId: string;
  readonly userId: string;
}

function macOf(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${TOKEN_PURPOSE}\n${payload}`).digest();
}

export function unsubscribeToken(secret: string, subscriber: DigestSubscriber): string {
  const payload = Buffer.from(
    JSON.stringify({ o: subscriber.organizationId, u: subscriber.userId }),
  ).toString('base64url');
  return `${payload}.${macOf(secret, payload).toString('base64url')}`;
}

/** The subscriber a token names, or undefined for anything this secret did not sign. */
export function readUnsubscribeToken(secret: string, token: string): DigestSubscriber | undefined {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0) return undefined;
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { o, u } = parsed as Record<string, unknown>;
    if (typeof o !== 'string' || typeof u !== 'string' || !o || !u) return undefined;
    return { organizationId: o, userId: u };
  } catch {
    return undefined;
  }
}
