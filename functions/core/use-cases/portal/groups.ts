import { randomBytes } from 'node:crypto';
import { definitionProblems, visibleDefinition } from '../../domain/product-group-rules';
import { DEFAULT_VISIBILITY, inScope, type VisibilityRules } from '../../domain/portal-visibility';
import type { Product } from '../../domain/portal';
import {
  MAX_GROUPS_PER_MEMBER,
  type ProductGroup,
  type ProductGroupDefinition,
} from '../../domain/product-group';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { ConcurrentUpdateError } from '../../ports';
import { ADMITTED, type Admission, type PortalMember } from '../portal-access';
import {
  isAdministrator,
  seesEverything,
  viewerOf,
  viewerWith,
  type PortalDependencies,
  type PortalViewer,
} from './portal-context';
import { settle } from './recent-reads';
import { groupView } from './portal-views';
import * as problemDetails from '../../i18n/details/compiled/index';

type GroupDependencies = Pick<PortalDependencies, 'inventory' | 'settings' | 'clock'>;
/** Group reads guess the products of PRODUCTS groups from what was read last (guessProducts). */
type GroupReadDependencies = GroupDependencies & Pick<PortalDependencies, 'recent'>;

export interface NewGroup {
  readonly name: string;
  readonly shared: boolean;
  readonly definition: ProductGroupDefinition;
}

export interface GroupChange {
  readonly name?: string | undefined;
  readonly shared?: boolean | undefined;
  readonly definition?: ProductGroupDefinition | undefined;
}

/** Random and URL-safe: 16 bytes, 22 characters of base64url; nothing about the owner or the time. */
export function newGroupId(): string {
  return randomBytes(16).toString('base64url');
}

/** A group the viewer owns or that is shared with their organization; anything else is the same 404. */
export async function loadGroup(
  deps: Pick<PortalDependencies, 'settings'>,
  viewer: Pick<PortalViewer, 'organizationId' | 'userId'>,
  groupId: string,
): Promise<ProductGroup> {
  const group = await deps.settings.getGroup(viewer.organizationId, groupId, viewer.userId);
  if (!group) throw new NotFoundError('There is no such group.').keyed(problemDetails.noSuchGroup);
  return group;
}

/**
 * The definitions of `groups` as the viewer may see them. Families and sites are checked against the scope; the
 * products of PRODUCTS groups are read (one batch read for all groups) and checked one by one — unless the
 * viewer sees everything, as every listed product was checked to exist when the group was saved.
 */
export async function visibleDefinitions(
  deps: Pick<PortalDependencies, 'inventory'>,
  viewer: PortalViewer,
  groups: readonly ProductGroup[],
  guess?: EarlyProducts,
): Promise<Map<string, ProductGroupDefinition>> {
  const tags = productTagsOf(groups);
  let visible: ReadonlySet<string> = new Set(tags);
  if (tags.length > 0 && !seesEverything(viewer.scope)) {
    const guessed = guess && tags.every((tag) => guess.tags.has(tag)) ? await guess.products : undefined;
    const products =
      guessed && 'value' in guessed
        ? guessed.value
        : await deps.inventory.getProducts(viewer.organizationId, tags);
    visible = new Set(products.filter((product) => inScope(viewer.scope, product)).map((p) => p.serviceTag));
  }
  return new Map(
    groups.map((group) => [group.groupId, visibleDefinition(group.definition, viewer.scope, visible)]),
  );
}

async function viewOf(
  deps: GroupDependencies,
  viewer: PortalViewer,
  group: ProductGroup,
  guess?: EarlyProducts,
) {
  const definitions = await visibleDefinitions(deps, viewer, [group], guess);
  return groupView(group, viewer.userId, definitions.get(group.groupId) ?? group.definition);
}

/** The distinct service tags the PRODUCTS groups among `groups` name, in order. */
function productTagsOf(groups: readonly ProductGroup[]): string[] {
  const tags = new Set<string>();
  for (const group of groups) {
    if (group.definition.kind === 'PRODUCTS') group.definition.serviceTags.forEach((tag) => tags.add(tag));
  }
  return [...tags];
}

/** Products read beside the groups, on a guess of the tags they name (see guessProducts). */
export interface EarlyProducts {
  readonly tags: ReadonlySet<string>;
  readonly products: Promise<{ value: Product[] } | { error: unknown }>;
}

/**
 * A restricted member's PRODUCTS groups are shown with the products they may see, which only a read of the
 * products tells; the tags are known once the groups are read, so that read would come third. It starts beside
 * the groups instead, on the tags and rules this execution environment read last (recent-reads.ts), and is used
 * only when it covers every tag the groups name now; otherwise the products are read again. Nothing is guessed
 * for an administrator, nor for rules that hide nothing (no products are read at all then).
 */
function guessProducts(
  deps: Pick<PortalDependencies, 'inventory' | 'recent'>,
  member: PortalMember,
  tagsKey: string,
): EarlyProducts | undefined {
  if (isAdministrator(member)) return undefined;
  const rules = deps.recent.rules.get(member.organizationId);
  if (!rules || seesEverything(viewerWith(member, rules).scope)) return undefined;
  const tags = deps.recent.groupTags.get(tagsKey);
  if (!tags || tags.length === 0) return undefined;
  return {
    tags: new Set(tags),
    products: settle(deps.inventory.getProducts(member.organizationId, tags)),
  };
}

/** The caller's viewer, remembering a member's rules for the next guess. */
async function rememberedViewer(
  deps: Pick<PortalDependencies, 'settings' | 'recent'>,
  member: PortalMember,
  rulesReadEarly?: Promise<VisibilityRules>,
): Promise<PortalViewer> {
  if (isAdministrator(member)) return viewerWith(member, DEFAULT_VISIBILITY);
  const rules = await (rulesReadEarly ?? deps.settings.getVisibility(member.organizationId));
  deps.recent.rules.remember(member.organizationId, rules);
  return viewerWith(member, rules);
}

/** What a group read plans on, read beside the account (readAsPortalMember): the rules and the groups. */
export interface GroupReads<G> {
  readonly rules: Promise<VisibilityRules>;
  readonly groups: Promise<G>;
}

/** Both promises of `reads` as one, which fails when either does (readAsPortalMember's early reads). */
function earlyGroupReads<G>(reads: GroupReads<G>): Promise<GroupReads<G>> {
  return Promise.all([reads.rules, reads.groups]).then(() => reads);
}

/**
 * The reads of listGroups, started beside the account for the organization the caller's token names: the rules
 * (a member's scope) and the groups. The products of a restricted member's PRODUCTS groups are then read in the
 * second round trip, on the tags just read, with nothing to guess.
 */
export function earlyGroupListReads(
  deps: Pick<PortalDependencies, 'settings'>,
  userId: string,
): (organizationId: string) => Promise<GroupReads<ProductGroup[]>> {
  return (organizationId) =>
    earlyGroupReads({
      rules: deps.settings.getVisibility(organizationId),
      groups: deps.settings.listGroups(organizationId, userId),
    });
}

/** The reads of getGroup, started beside the account as for earlyGroupListReads. */
export function earlyGroupReadsOf(
  deps: Pick<PortalDependencies, 'settings'>,
  userId: string,
  groupId: string,
): (organizationId: string) => Promise<GroupReads<ProductGroup>> {
  return (organizationId) =>
    earlyGroupReads({
      rules: deps.settings.getVisibility(organizationId),
      groups: loadGroup(deps, { organizationId, userId }, groupId),
    });
}

/**
 * Every entry the owner cannot see makes the whole definition a 400 naming the entries (unknown and invisible
 * read the same). Reads what the kind needs: the products listed, or the site counters.
 */
async function assertVisibleToOwner(
  deps: Pick<PortalDependencies, 'inventory'>,
  viewer: PortalViewer,
  definition: ProductGroupDefinition,
): Promise<void> {
  const problems =
    definition.kind === 'PRODUCTS'
      ? definitionProblems(definition, {
          scope: viewer.scope,
          sites: [],
          products: await deps.inventory.getProducts(viewer.organizationId, definition.serviceTags),
        })
      : definitionProblems(definition, {
          scope: viewer.scope,
          sites: await deps.inventory.siteCounters(viewer.organizationId),
        });
  if (problems.length > 0) {
    throw new ValidationError(
      'A group may only hold products, families and sites you can see.',
      problems,
    ).keyed(problemDetails.groupItemsNotVisible);
  }
}

function assertOwner(group: ProductGroup, viewer: Pick<PortalViewer, 'userId'>): void {
  if (group.ownerId !== viewer.userId) {
    throw new ForbiddenError('group-owner-only', 'Only the member who made this group may change it.').keyed(
      problemDetails.groupOwnerOnly,
    );
  }
}

function lostUpdate(): ConflictError {
  return new ConflictError(
    'concurrent-update',
    'The group was changed by another request. Reload and retry.',
  ).keyed(problemDetails.groupChanged);
}

/**
 * The caller's own groups and those shared with the organization, by name, each resolved against the caller's
 * scope. The rules and the groups are read together; the products of PRODUCTS groups only for a member whose
 * rules hide something. No failure path beyond the portal's own (403 until the business account is active).
 */
export async function listGroups(
  deps: GroupReadDependencies,
  member: PortalMember,
  early?: Promise<GroupReads<ProductGroup[]>>,
) {
  const tagsKey = `${member.organizationId}/${member.account.userId}`;
  const reads = await early;
  const guessed = reads ? undefined : guessProducts(deps, member, tagsKey);
  const [viewer, listed] = await Promise.all([
    rememberedViewer(deps, member, reads?.rules),
    reads?.groups ?? deps.settings.listGroups(member.organizationId, member.account.userId),
  ]);
  const groups = listed.sort((a, b) => a.name.localeCompare(b.name) || (a.groupId < b.groupId ? -1 : 1));
  deps.recent.groupTags.remember(tagsKey, productTagsOf(groups));
  const definitions = await visibleDefinitions(deps, viewer, groups, guessed);
  return {
    items: groups.map((group) =>
      groupView(group, viewer.userId, definitions.get(group.groupId) ?? group.definition),
    ),
  };
}

/**
 * One group, its definition limited to what the caller can see.
 * Failure path: not the caller's and not shared with their organization, or no such group → 404.
 */
export async function getGroup(
  deps: GroupReadDependencies,
  member: PortalMember,
  groupId: string,
  early?: Promise<GroupReads<ProductGroup>>,
) {
  const tagsKey = `${member.organizationId}/${groupId}`;
  const reads = await early;
  const guessed = reads ? undefined : guessProducts(deps, member, tagsKey);
  const [viewer, group] = await Promise.all([
    rememberedViewer(deps, member, reads?.rules),
    reads?.groups ??
      loadGroup(deps, { organizationId: member.organizationId, userId: member.account.userId }, groupId),
  ]);
  deps.recent.groupTags.remember(tagsKey, productTagsOf([group]));
  return viewOf(deps, viewer, group, guessed);
}

/**
 * Creates a group owned by the caller (private unless `shared`). Main path: under the per-member limit → every
 * entry visible to the caller → stored with a fresh random id (revision 0).
 * Failure paths: MAX_GROUPS_PER_MEMBER groups already → 409 group-limit-reached; an entry the caller cannot see
 * (or that does not exist) → 400 naming it. Two creations racing at the limit may both pass the count: the
 * limit bounds what one member stores, it is not an invariant worth a transaction.
 */
export async function createGroup(
  deps: GroupDependencies,
  member: PortalMember,
  input: NewGroup,
  admitted: Admission = ADMITTED,
) {
  // The count, the rules and what the definition names are read side by side (the entries as soon as the
  // rules are known: at once for an administrator), beside the organization's status (writeAsPortalMember).
  const [checked, owned] = await Promise.allSettled([
    viewerOf(deps, member).then(async (viewer) => {
      await assertVisibleToOwner(deps, viewer, input.definition);
      return viewer;
    }),
    // Only the caller's own groups count against the limit: one query, not the organization's shared ones too.
    deps.settings.countOwnGroups(member.organizationId, member.account.userId),
  ]);
  // The limit is answered before the entries, as when they were read one after the other.
  if (owned.status === 'rejected') throw owned.reason;
  if (owned.value >= MAX_GROUPS_PER_MEMBER) {
    throw new ConflictError(
      'group-limit-reached',
      `You have ${MAX_GROUPS_PER_MEMBER} groups already: delete one before making another.`,
      { limit: MAX_GROUPS_PER_MEMBER },
    ).keyed(problemDetails.groupLimitReached, { limit: MAX_GROUPS_PER_MEMBER });
  }
  if (checked.status === 'rejected') throw checked.reason;
  const viewer = checked.value;
  await admitted();
  const now = deps.clock.now().toISOString();
  const group: ProductGroup = {
    groupId: newGroupId(),
    organizationId: viewer.organizationId,
    ownerId: viewer.userId,
    name: input.name,
    shared: input.shared,
    definition: input.definition,
    createdAt: now,
    updatedAt: now,
    revision: 0,
  };
  try {
    await deps.settings.createGroup(group);
  } catch (error) {
    // Only a repeated random id (2^-128): nothing was stored, so the caller may simply retry.
    if (error instanceof ConcurrentUpdateError) throw lostUpdate();
    throw error;
  }
  return groupView(group, viewer.userId, group.definition);
}

/**
 * Renames, shares or unshares, or redefines one of the caller's groups. Main path: the group is the caller's →
 * a new definition is checked as on creation → saved over the revision read. The group, the rules (and a new
 * definition's entries) and the organization's status are read side by side after the account: 3 round trips
 * in sequence (the account, the reads, the conditional write; a member's redefinition 4, its entries read once
 * the rules are known). The write needs the group's revision, so it cannot join the reads.
 * Failure paths: no such group (or not visible) → 404; someone else's shared group → 403 group-owner-only; an
 * entry the caller cannot see → 400; changed meanwhile → 409 concurrent-update.
 */
export async function updateGroup(
  deps: GroupDependencies,
  member: PortalMember,
  groupId: string,
  change: GroupChange,
  admitted: Admission = ADMITTED,
) {
  // The rules (then a new definition's entries) and the group are read side by side.
  const [checked, loaded] = await Promise.allSettled([
    viewerOf(deps, member).then(async (viewer) => {
      if (change.definition) await assertVisibleToOwner(deps, viewer, change.definition);
      return viewer;
    }),
    loadGroup(deps, { organizationId: member.organizationId, userId: member.account.userId }, groupId),
  ]);
  // Answered in the order of the checks: the group (404), its owner (403), then the new entries (400).
  if (loaded.status === 'rejected') throw loaded.reason;
  const group = loaded.value;
  assertOwner(group, { userId: member.account.userId });
  if (checked.status === 'rejected') throw checked.reason;
  const viewer = checked.value;
  const next: ProductGroup = {
    ...group,
    name: change.name ?? group.name,
    shared: change.shared ?? group.shared,
    definition: change.definition ?? group.definition,
    updatedAt: deps.clock.now().toISOString(),
    revision: group.revision + 1,
  };
  await admitted();
  const save = async () => {
    try {
      await deps.settings.saveGroup(next);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) throw lostUpdate();
      throw error;
    }
  };
  // The view of an unchanged definition (its products read for a restricted member) is made beside the save.
  const [, view] = await Promise.all([
    save(),
    change.definition ? groupView(next, viewer.userId, next.definition) : viewOf(deps, viewer, next),
  ]);
  return view;
}

/**
 * Deletes one of the caller's groups: the account, then the group, the rules and the organization's status side
 * by side, then the delete conditioned on the revision read (3 round trips in sequence).
 * Failure paths: no such group → 404; someone else's shared group → 403; changed meanwhile → 409 (deleted
 * meanwhile is fine).
 */
export async function deleteGroup(
  deps: GroupDependencies,
  member: PortalMember,
  groupId: string,
  admitted: Admission = ADMITTED,
) {
  const [viewer, group] = await Promise.all([
    viewerOf(deps, member),
    loadGroup(deps, { organizationId: member.organizationId, userId: member.account.userId }, groupId),
  ]);
  assertOwner(group, viewer);
  await admitted();
  try {
    await deps.settings.deleteGroup(group);
  } catch (error) {
    if (error instanceof ConcurrentUpdateError) throw lostUpdate();
    throw error;
  }
}
