/**
 * What a company owns, as the portal shows it: sites, and products installed at them, each with a support end
 * date. Everything here belongs to one organization; ids are only unique within it.
 */

/** Site ids and product families are part of index keys, so they may not hold the `#` key separator. */
export const SITE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const FAMILY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._/+-]{0,63}$/;
/** A service tag or serial number. */
export const SERVICE_TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

export interface Site {
  readonly siteId: string;
  readonly name: string;
  readonly address: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export const SUPPORT_STATUSES = ['ACTIVE', 'EXPIRING', 'EXPIRED'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];

/** A product is EXPIRING from this many days before its support end date, inclusive. */
export const EXPIRING_WITHIN_DAYS = 90;

/** A product as imported: what the operator's file says. */
export interface ProductRecord {
  readonly serviceTag: string;
  readonly model: string;
  readonly family: string;
  readonly siteId: string;
  /** Last day of support, `YYYY-MM-DD` (UTC). */
  readonly supportEndDate: string;
}

/**
 * A stored product: the record, and the support status it is counted under in its site's counters. The status
 * is a function of the end date and the day; the `roll-support-status` job moves it on the day it changes.
 */
export interface Product extends ProductRecord {
  readonly supportStatus: SupportStatus;
}

/** Counts of products by support status. */
export type StatusCounts = Readonly<Record<SupportStatus, number>>;

export const NO_PRODUCTS: StatusCounts = { ACTIVE: 0, EXPIRING: 0, EXPIRED: 0 };

/**
 * A site with the counts of its products by family and support status, kept up to date on every write, so the
 * Summary reads one small item per site, however many products there are.
 */
export interface SiteCounters extends Site {
  /** Family → counts. Families whose counts are all zero may be present. */
  readonly families: Readonly<Record<string, StatusCounts>>;
}

const DAY_MS = 86_400_000;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** Whether `day` is a real calendar day written `YYYY-MM-DD`. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(parsed) && dayOf(new Date(parsed)) === day;
}

/**
 * EXPIRED after the end date; EXPIRING from `EXPIRING_WITHIN_DAYS` days before it through the end date itself;
 * ACTIVE before that. Days compare as text because both are `YYYY-MM-DD`.
 */
export function supportStatusOn(supportEndDate: string, today: string): SupportStatus {
  if (supportEndDate < today) return 'EXPIRED';
  if (supportEndDate <= addDays(today, EXPIRING_WITHIN_DAYS)) return 'EXPIRING';
  return 'ACTIVE';
}

/** The day the status of a product next changes, or undefined once it is EXPIRED (it never changes again). */
export function nextStatusChange(supportEndDate: string, today: string): string | undefined {
  switch (supportStatusOn(supportEndDate, today)) {
    case 'ACTIVE':
      return addDays(supportEndDate, -EXPIRING_WITHIN_DAYS);
    case 'EXPIRING':
      return addDays(supportEndDate, 1);
    case 'EXPIRED':
      return undefined;
  }
}

/** How the byDue index names a product: `<organizationId>/<serviceTag>` (neither may hold a `/`). */
export function productRef(organizationId: string, serviceTag: string): string {
  return `${organizationId}/${serviceTag}`;
}

export function parseProductRef(
  ref: string,
): { readonly organizationId: string; readonly serviceTag: string } | undefined {
  const slash = ref.lastIndexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { organizationId: ref.slice(0, slash), serviceTag: ref.slice(slash + 1) };
}

/**
 * When the `roll-support-status` job must next look at a stored product: 00:00 UTC of the day its stored status
 * stops being right (90 days before the end date for ACTIVE, the day after it for EXPIRING); never once EXPIRED.
 */
export function supportStatusDueAt(
  product: Pick<Product, 'supportEndDate' | 'supportStatus'>,
): Date | undefined {
  const day =
    product.supportStatus === 'ACTIVE'
      ? addDays(product.supportEndDate, -EXPIRING_WITHIN_DAYS)
      : product.supportStatus === 'EXPIRING'
        ? addDays(product.supportEndDate, 1)
        : undefined;
  return day === undefined ? undefined : new Date(`${day}T00:00:00.000Z`);
}

/** Whether an import row says nothing new about a stored site (its counters aside). */
export function sameSite(a: Site, b: Site): boolean {
  return a.name === b.name && a.address === b.address && a.city === b.city && a.country === b.country;
}

/** Whether an import row says nothing new about a stored product; moving its status is the job's work. */
export function sameProductRecord(a: ProductRecord, b: ProductRecord): boolean {
  return (
    a.model === b.model &&
    a.family === b.family &&
    a.siteId === b.siteId &&
    a.supportEndDate === b.supportEndDate
  );
}
