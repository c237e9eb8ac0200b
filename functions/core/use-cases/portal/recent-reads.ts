import type { SiteCounters } from '../../domain/portal';
import type { VisibilityRules } from '../../domain/portal-visibility';
import type { ProductGroup } from '../../domain/product-group';

/**
 * The visibility rules and groups this execution environment read last, by organization (and group). A product
 * list must know them before it can plan its query; with what was read last as the guess, the query runs in the
 * same round trip as the reads that check it, and it is run again only when the guess was wrong (the rules or
 * the group changed since). Never an authority: every request reads the current rules and group, and nothing is
 * answered from a guess that differs from them. Bounded, oldest entry dropped first.
 */
class RecentEntries<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  remember(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

const MAX_REMEMBERED = 1000;
/** Counters are larger (one entry per site and family): fewer organizations are remembered. */
const MAX_REMEMBERED_COUNTERS = 100;

/** One per execution environment (functions/core/wiring.ts); tests make their own. */
export class RecentPortalReads {
  readonly rules = new RecentEntries<VisibilityRules>(MAX_REMEMBERED);
  readonly groups = new RecentEntries<ProductGroup>(MAX_REMEMBERED);
  /** The site counters read last: only to size a guessed page's queries (ProductQuery.counters). */
  readonly counters = new RecentEntries<readonly SiteCounters[]>(MAX_REMEMBERED_COUNTERS);
  /** The service tags of the PRODUCTS groups a member's group list named last: their products are read early. */
  readonly groupTags = new RecentEntries<readonly string[]>(MAX_REMEMBERED);
  /**
   * Whether each person (`<organization>/<user>`) was an administrator when this environment last read their
   * account: an administrator's product list needs no rules, so nothing is read for it beside the account.
   */
  readonly administrators = new RecentEntries<boolean>(MAX_REMEMBERED);
}

/** A promise's outcome as a value, so a guessed read that is not used never fails the request. */
export async function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** Whether two readings of the rules decide the same scope. */
export function sameRules(a: VisibilityRules, b: VisibilityRules): boolean {
  return (
    a.revision === b.revision &&
    JSON.stringify([a.sites, a.families]) === JSON.stringify([b.sites, b.families])
  );
}

/** Whether two readings of a group (or of no group) decide the same products. */
export function sameGroup(a: ProductGroup | undefined, b: ProductGroup | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.groupId === b.groupId &&
    a.organizationId === b.organizationId &&
    a.revision === b.revision &&
    JSON.stringify(a.definition) === JSON.stringify(b.definition)
  );
}
