import type { DueKind } from '../../functions/core/domain/scheduled-work';
import type { ProductRecord } from '../../functions/core/domain/portal';
import type { DigestRecipient, DueWorkIndex, Page, SupportDigestStore } from '../../functions/core/ports';

/**
 * SupportDigestStore in memory, with what the DynamoDB adapter keeps: products by end date, members (with their
 * choice), one marker per person and week, and each organization's schedule. `sends` counts claims taken.
 */
export class FakeSupportDigestStore implements SupportDigestStore {
  readonly products = new Map<string, ProductRecord[]>();
  readonly members = new Map<string, DigestRecipient[]>();
  readonly markers = new Set<string>();
  readonly schedules = new Map<string, Date>();
  /** Members per page of `recipients`. */
  pageSize = 100;

  async productsEndingIn(
    organizationId: string,
    ranges: readonly { readonly from: string; readonly to: string }[],
  ): Promise<ProductRecord[]> {
    return (this.products.get(organizationId) ?? []).filter((product) =>
      ranges.some((range) => product.supportEndDate >= range.from && product.supportEndDate <= range.to),
    );
  }

  async recipients(organizationId: string, cursor?: string): Promise<Page<DigestRecipient>> {
    const all = this.members.get(organizationId) ?? [];
    const start = cursor ? Number(cursor) : 0;
    const items = all.slice(start, start + this.pageSize);
    const next = start + this.pageSize;
    return { items, cursor: next < all.length ? String(next) : undefined };
  }

  async claimWeek(organizationId: string, userId: string, week: string): Promise<boolean> {
    const key = `${organizationId}/${week}/${userId}`;
    if (this.markers.has(key)) return false;
    this.markers.add(key);
    return true;
  }

  async releaseWeek(organizationId: string, userId: string, week: string): Promise<void> {
    this.markers.delete(`${organizationId}/${week}/${userId}`);
  }

  async schedule(organizationId: string, at: Date): Promise<void> {
    this.schedules.set(organizationId, at);
  }

  async unschedule(organizationId: string): Promise<void> {
    this.schedules.delete(organizationId);
  }

  async scheduleIfMissing(organizationId: string, at: Date): Promise<boolean> {
    if (this.schedules.has(organizationId)) return false;
    this.schedules.set(organizationId, at);
    return true;
  }

  async setChoice(organizationId: string, userId: string, receive: boolean): Promise<boolean> {
    const members = this.members.get(organizationId) ?? [];
    const index = members.findIndex((member) => member.userId === userId);
    if (index < 0) return false;
    members[index] = { ...members[index]!, supportDigest: receive };
    return true;
  }
}

/** The byDue index over the fake's schedules (SUPPORT_DIGEST only), a page at a time. */
export class DigestDueWork implements DueWorkIndex {
  constructor(private readonly store: FakeSupportDigestStore) {}

  async duePage(kind: DueKind, now: Date, limit: number, after?: string) {
    if (kind !== 'SUPPORT_DIGEST') return { ids: [] };
    const due = [...this.store.schedules.entries()]
      .filter(([, at]) => at <= now)
      .map(([id, at]) => ({ id, key: `${at.toISOString()}#${id}` }))
      .sort((a, b) => a.key.localeCompare(b.key))
      .filter((entry) => after === undefined || entry.key > after);
    const page = due.slice(0, limit);
    return {
      ids: page.map((entry) => entry.id),
      after: due.length > limit ? page.at(-1)?.key : undefined,
    };
  }
}
