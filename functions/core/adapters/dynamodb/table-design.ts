import { createHash } from 'node:crypto';
import type { DueKind } from '../../domain/scheduled-work';

/**
 * The Portico table: one DynamoDB table, read by the CDK data construct and by the local runtime, so the
 * deployed and the local table cannot drift.
 *
 * Access patterns (every read is a GetItem or a Query; nothing scans):
 * | pattern                                  | operation | key                                                 |
 * |------------------------------------------|-----------|-----------------------------------------------------|
 * | account of a signed-in user              | GetItem   | pk=USER#<sub>            sk=PROFILE                 |
 * | wrong current passwords of a user        | GetItem   | pk=USER#<sub>  sk=PASSWORD_ATTEMPTS (TTL expiresAtEpoch) |
 * | one-time code + send throttle of address | GetItem   | pk=EMAIL#<address>       sk=CODE  (TTL expiresAtEpoch) |
 * | who proved an address (its owner)        | PutItem   | pk=EMAIL#<address>       sk=OWNER (conditional put; the refusal returns the owner) |
 * | organization profile                     | GetItem   | pk=ORG#<orgId>           sk=PROFILE                 |
 * | organizations owning an email domain     | Query GSI | byEmailDomain: domainPk=DOMAIN#<domain>             |
 * | membership of a user in an organization  | GetItem   | pk=ORG#<orgId>           sk=MEMBER#<sub>            |
 * | organization request                     | GetItem   | pk=ORGREQ#<requestId>    sk=REQUEST                 |
 * | open request claiming an email domain    | GetItem   | pk=REVIEWDOMAIN#<domain> sk=OPEN_REQUEST            |
 * | open / closed requests, newest first     | Query GSI | byCollection: collectionPk=REVIEWS#OPEN|CLOSED      |
 * | work a scheduled job must do by now      | Query GSI | byDue: duePk=<kind>#<shard>, dueSk <= <now> (an account's reminder entry is set once, then left) |
 * | sites of an org, with their counters     | Query     | pk=ORG#<orgId>           sk in keyRange(SITE#)      |
 * | one product / all products of an org     | Get/Query | pk=ORG#<orgId>           sk=PRODUCT#<serviceTag>    |
 * | products at a site (of a family)         | Query GSI | byCollection: collectionPk=SITEPRODUCTS#<orgId>#<siteId>, collectionSk in keyRange(<family>#) |
 * | products of a family (at a site)         | Query GSI | byFamily: familyPk=FAMILY#<orgId>#<family>, familySk in keyRange(<siteId>#) |
 * | products by service tag (prefix, exact)  | Query     | pk=ORG#<orgId>           sk BETWEEN PRODUCT#<TAG> AND PRODUCT#<TAG>~ (tags upper case) |
 * | products by model prefix                 | Query     | pk=ORG#<orgId>           sk BETWEEN MODEL#<model> AND MODEL#<model>\u{10FFFF} (model entries) |
 * | products by support end date (either way)| Query GSI | bySupportEnd: supportEndPk=SUPPORTEND#<orgId>, supportEndSk=<YYYY-MM-DD>#<TAG> |
 * | visibility rules of an org               | GetItem   | pk=ORG#<orgId>           sk=VISIBILITY              |
 * | portal overview: profile, sites, rules   | Query     | pk=ORG#<orgId>           sk BETWEEN PROFILE AND VISIBILITY (OVERVIEW_RANGE) |
 * | a member's own groups (or their count)   | Query     | pk=ORG#<orgId>           sk in keyRange(GROUP#<ownerId>#) |
 * | groups shared with an org (by id)        | Query GSI | byCollection: collectionPk=SHAREDGROUPS#<orgId>, collectionSk=<groupId> |
 * | members of an org                        | Query     | pk=ORG#<orgId>           sk in keyRange(MEMBER#)    |
 * | join requests of an org (APPROVAL policy)| Query     | pk=ORG#<orgId>           sk in keyRange(JOINREQ#)   |
 * | pending invitations of an org            | Query     | pk=ORG#<orgId>           sk in keyRange(INVITE#) (TTL expiresAtEpoch) |
 * | an invitation by its token (accepting)   | GetItem   | pk=INVITATION#<sha256(token)> sk=TOKEN (TTL expiresAtEpoch) |
 * | a member's background export             | GetItem   | pk=ORG#<orgId>  sk=EXPORT#<ownerId>#<exportId> (TTL expiresAtEpoch) |
 * | products changing status in a week       | Query GSI | bySupportEnd: supportEndPk=SUPPORTEND#<orgId>, supportEndSk BETWEEN <day>#  AND <day>#~ (twice) |
 * | an org's weekly digest schedule          | byDue     | pk=ORG#<orgId>  sk=DIGEST#SCHEDULE (duePk=SUPPORT_DIGEST#<shard>) |
 * | digest sent to a person in an ISO week   | PutItem   | pk=ORG#<orgId>  sk=DIGEST#SENT#<week>#<userId>, attribute_not_exists (TTL) |
 * | answer kept under an idempotency key     | PutItem   | pk=IDEMPOTENCY#<sha256(route, caller, key)> sk=ANSWER |
 * | directory by name prefix (operators)     | Query GSI | byCollection: collectionPk=ORGANIZATIONS, collectionSk BETWEEN <nameKey> AND <nameKey>\u{10FFFF} (on profiles) |
 * | an organization's directory history      | Query     | pk=ORG#<orgId>           sk in keyRange(AUDIT#), newest first |
 * | accounts in ORGANIZATION_REQUIRED by domain | Query GSI | byCollection: collectionPk=AWAITING#<domain>, collectionSk=<sub> (while in that state) |
 * | suppressed address (bounce, complaint)   | GetItem   | pk=SUPPRESSED#<address>  sk=SUPPRESSION             |
 * | suppressed addresses, newest first       | Query GSI | byCollection: collectionPk=SUPPRESSED, collectionSk=<at>#<address> |
 * | where a paged job stopped (its cursor)   | GetItem   | pk=JOB#<job>             sk=CURSOR                  |
 * | erasures of an org's members (history)   | Query GSI | byCollection: collectionPk=ERASURES#<orgId>, collectionSk=<erasedAt>#<erasureId> |
 * | audit log of an org, newest first        | Query     | pk=AUDIT#<orgId>         sk >= <oldest retained time> (TTL expiresAtEpoch) |
 * | audit log of one kind                    | Query GSI | byCollection: collectionPk=AUDIT#<orgId>#KIND#<kind>, collectionSk >= <oldest> |
 * | audit log naming one person (of a kind)  | Query     | pk=AUDIT#<orgId>#PERSON#<userId> sk >= <oldest> (kind: a filter) |
 *
 * Writes of sign-up and verification (single items, no transaction; the order is what keeps them safe):
 * | write                                    | operation            | key / condition                          |
 * |------------------------------------------|----------------------|------------------------------------------|
 * | sign-up: the account, first              | PutItem              | USER#<sub> PROFILE; new, or state = VERIFY_EMAIL |
 * | sign-up / resend: the code and send log  | PutItem              | EMAIL#<address> CODE; version = read one (new: not exists) |
 * | verify: count a try                      | UpdateItem           | EMAIL#<address> CODE; live code, tries left |
 * | verify: claim the address                | PutItem              | EMAIL#<address> OWNER; not exists or userId = <sub> |
 * | verify: move the account on              | UpdateItem           | USER#<sub> PROFILE; state = VERIFY_EMAIL (the code is not used up) |
 * | verify: re-link an owner whose user is gone | TransactWriteItems | old USER# deleted, new USER# replaced, MEMBER# moved, GROUP#s moved, OWNER moved |
 *
 * "sk in keyRange(p)" is the key condition `sk BETWEEN :low AND :high` over the sort keys that begin with p.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Epoch seconds; DynamoDB deletes lazily, so readers also check expiry themselves. One-time code items are
   * left to it once they can neither be used nor throttle a send (no byDue entry, no purge job).
   */
  timeToLiveAttribute: 'expiresAtEpoch',
  byEmailDomain: {
    indexName: 'byEmailDomain',
    partitionKey: 'domainPk',
    sortKey: 'domainSk',
    projection: 'ALL',
  },
  /**
   * Sparse: only items that a scheduled job must act on at `dueSk`'s time carry these keys. Keys only: the jobs
   * read nothing but `dueSk`, and an index that projects no other attribute is not written when an item's
   * other attributes change (an account moving through onboarding), which halves what those updates cost.
   */
  byDue: {
    indexName: 'byDue',
    partitionKey: 'duePk',
    sortKey: 'dueSk',
    projection: 'KEYS_ONLY',
  },
  /** Sparse: items listed in order within a named collection (operators' request lists, a site's products). */
  byCollection: {
    indexName: 'byCollection',
    partitionKey: 'collectionPk',
    sortKey: 'collectionSk',
    projection: 'ALL',
  },
  /** Sparse: products of one family of an organization, by site. */
  byFamily: {
    indexName: 'byFamily',
    partitionKey: 'familyPk',
    sortKey: 'familySk',
    projection: 'ALL',
  },
  /**
   * Sparse: products of an organization by support end date (then service tag), read either way: the product
   * list sorted by end date. Added by issue 18, the one new index of that deployment (docs/portal.md: one new
   * global secondary index per deployment, as DynamoDB builds one at a time and an index is a write on every
   * product change).
   */
  bySupportEnd: {
    indexName: 'bySupportEnd',
    partitionKey: 'supportEndPk',
    sortKey: 'supportEndSk',
    projection: 'ALL',
  },
} as const;

/** Every global secondary index of the table; each projects every attribute but byDue (keys only). */
export const TABLE_INDEXES = [
  TABLE_DESIGN.byEmailDomain,
  TABLE_DESIGN.byDue,
  TABLE_DESIGN.byCollection,
  TABLE_DESIGN.byFamily,
  TABLE_DESIGN.bySupportEnd,
] as const;

/**
 * Each kind of due work (domain/scheduled-work.ts) is spread over `DUE_SHARDS` byDue partitions so a burst of
 * writes (thousands of sign-ups) never lands on one index partition; jobs query every shard.
 */
export const DUE_SHARDS = 4;

function shardOf(id: string): number {
  return createHash('sha256').update(id).digest().readUInt8(0) % DUE_SHARDS;
}

/**
 * The sort keys that begin with `prefix`, as the bounds of a `BETWEEN :low AND :high` key condition. Every
 * prefix Portico queries ends in `#`, and `high` puts `$` (the next character) in its place. BETWEEN includes
 * its bounds, so the range holds the keys that begin with `prefix` and `high` itself, which is no key: no id,
 * site id, family or service tag holds a `$` (domain/portal.ts patterns, base64url, Cognito subs).
 */
export function keyRange(prefix: string): { readonly low: string; readonly high: string } {
  // BETWEEN, not begins_with: DynamoDB seeks for both, DynamoDB Local scans the partition for begins_with.
  if (!prefix.endsWith('#')) throw new Error(`a key prefix ends in '#': ${JSON.stringify(prefix)}`);
  return { low: prefix, high: `${prefix.slice(0, -1)}$` };
}

/**
 * The sort keys of an organization's partition from its profile to its visibility rules: exactly the profile,
 * the sites (`SITE#…`) and the rules, as nothing else of the partition sorts between `PROFILE` and `VISIBILITY`
 * (DIGEST#, DOMAIN#, EXPORT#, GROUP#, MEMBER# and PRODUCT# all sort before `PROFILE`). The portal reads them with one Query
 * (DynamoPortalOverviewReader). A new item kind of the partition must be keyed outside this range unless every
 * portal read should carry it.
 */
export const OVERVIEW_RANGE = { low: 'PROFILE', high: 'VISIBILITY' } as const;

export const REVIEW_COLLECTIONS = { open: 'REVIEWS#OPEN', closed: 'REVIEWS#CLOSED' } as const;
/** The byCollection partition listing every organization profile by name (nameKey). */
export const DIRECTORY_COLLECTION = 'ORGANIZATIONS';
/** The byCollection partition listing suppressed addresses (a few a week: one partition is plenty). */
export const SUPPRESSION_COLLECTION = 'SUPPRESSED';

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  passwordAttempts: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PASSWORD_ATTEMPTS' }),
  code: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'CODE' }),
  /** Who last proved the mailbox (the userId a verification or an email change gave the address to). */
  addressOwner: (email: string) => ({ pk: `EMAIL#${email}`, sk: 'OWNER' }),
  organization: (organizationId: string) => ({ pk: `ORG#${organizationId}`, sk: 'PROFILE' }),
  organizationDomain: (organizationId: string, domain: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `DOMAIN#${domain}`,
  }),
  /** byCollection keys of a profile: the directory's name list. */
  directoryEntry: (nameKey: string, organizationId: string) => ({
    collectionPk: DIRECTORY_COLLECTION,
    collectionSk: `${nameKey}#${organizationId}`,
  }),
  /** One line of an organization's directory history (sorts before PROFILE: outside OVERVIEW_RANGE). */
  directoryEvent: (organizationId: string, at: string, revision: number, index: number) => ({
    pk: `ORG#${organizationId}`,
    sk: `AUDIT#${at}#${String(revision).padStart(6, '0')}#${index}`,
  }),
  /** byCollection keys of an account waiting in ORGANIZATION_REQUIRED for its email domain. */
  awaitingOrganization: (domain: string, userId: string) => ({
    collectionPk: `AWAITING#${domain}`,
    collectionSk: userId,
  }),
  membership: (organizationId: string, userId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `MEMBER#${userId}`,
  }),
  /** A pending invitation, in the organization's partition: the pending list is one Query of `INVITE#`. */
  invitation: (organizationId: string, invitationId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `INVITE#${invitationId}`,
  }),
  /** The token's lookup item (a copy of the invitation under the SHA-256 of its token): accepting is a GetItem. */
  invitationToken: (tokenHash: string) => ({
    pk: `INVITATION#${tokenHash}`,
    sk: 'TOKEN',
  }),
  /** A person's request to join an organization with the APPROVAL policy (domain/membership-policy.ts). */
  joinRequest: (organizationId: string, userId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `JOINREQ#${userId}`,
  }),
  domainIndex: (domain: string, organizationId: string) => ({
    domainPk: keys.domainPartition(domain),
    domainSk: `ORG#${organizationId}`,
  }),
  /** The byEmailDomain partition holding every organization that owns `domain`. */
  domainPartition: (domain: string) => `DOMAIN#${domain}`,
  jobCursor: (job: string) => ({ pk: `JOB#${job}`, sk: 'CURSOR' }),
  organizationRequest: (requestId: string) => ({ pk: `ORGREQ#${requestId}`, sk: 'REQUEST' }),
  reviewDomainClaim: (domain: string) => ({ pk: `REVIEWDOMAIN#${domain}`, sk: 'OPEN_REQUEST' }),
  /** byDue keys of an item `id` due at `dueAt`. */
  due: (kind: DueKind, id: string, dueAt: Date) => ({
    duePk: keys.duePartition(kind, shardOf(id)),
    dueSk: `${dueAt.toISOString()}#${id}`,
  }),
  duePartition: (kind: DueKind, shard: number) => `${kind}#${shard}`,
  /** The greatest byDue sort key due at `now` (ISO times sort as text; `~` sorts after `#`). */
  dueUntil: (now: Date) => `${now.toISOString()}~`,
  site: (organizationId: string, siteId: string) => ({ pk: `ORG#${organizationId}`, sk: `SITE#${siteId}` }),
  product: (organizationId: string, serviceTag: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `PRODUCT#${serviceTag}`,
  }),
  /** byCollection keys of a product: its site's collection, ordered by family. */
  productAtSite: (organizationId: string, siteId: string, family: string, serviceTag: string) => ({
    collectionPk: `SITEPRODUCTS#${organizationId}#${siteId}`,
    collectionSk: `${family}#${serviceTag}`,
  }),
  /** byFamily keys of a product: its family's partition, ordered by site. */
  productOfFamily: (organizationId: string, family: string, siteId: string, serviceTag: string) => ({
    familyPk: `FAMILY#${organizationId}#${family}`,
    familySk: `${siteId}#${serviceTag}`,
  }),
  /** bySupportEnd keys of a product. */
  productBySupportEnd: (organizationId: string, supportEndDate: string, serviceTag: string) => ({
    supportEndPk: `SUPPORTEND#${organizationId}`,
    supportEndSk: `${supportEndDate}#${serviceTag}`,
  }),
  /**
   * A product's model entry: a copy of the product under its model's key form (modelKey), so a model prefix is
   * a key range of the organization's partition. Written with the product, in the same transaction.
   */
  productModel: (organizationId: string, modelKey: string, serviceTag: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `MODEL#${modelKey}#${serviceTag}`,
  }),
  visibility: (organizationId: string) => ({ pk: `ORG#${organizationId}`, sk: 'VISIBILITY' }),
  /**
   * The organization's support-expiry digest schedule (its byDue entry, kind SUPPORT_DIGEST); sorts before
   * PROFILE: outside OVERVIEW_RANGE.
   */
  digestSchedule: (organizationId: string) => ({ pk: `ORG#${organizationId}`, sk: 'DIGEST#SCHEDULE' }),
  /** The marker of a digest sent to a person for an ISO week (`2026-W49`; TTL expiresAtEpoch). */
  digestSent: (organizationId: string, week: string, userId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `DIGEST#SENT#${week}#${userId}`,
  }),
  group: (organizationId: string, ownerId: string, groupId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `GROUP#${ownerId}#${groupId}`,
  }),
  /** A member's background export (sorts before PROFILE: outside OVERVIEW_RANGE). */
  exportJob: (organizationId: string, ownerId: string, exportId: string) => ({
    pk: `ORG#${organizationId}`,
    sk: `EXPORT#${ownerId}#${exportId}`,
  }),
  sharedGroup: (organizationId: string, groupId: string) => ({
    collectionPk: `SHAREDGROUPS#${organizationId}`,
    collectionSk: groupId,
  }),
  suppression: (email: string) => ({ pk: `SUPPRESSED#${email}`, sk: 'SUPPRESSION' }),
  suppressionCollection: (at: string, email: string) => ({
    collectionPk: SUPPRESSION_COLLECTION,
    collectionSk: `${at}#${email}`,
  }),
  /** What is kept of an erased account (no personal data). */
  erasure: (erasureId: string) => ({ pk: `ERASURE#${erasureId}`, sk: 'RECORD' }),
  /** byCollection keys of an erasure record: the history of the organization the person was in, in time order. */
  erasureOfOrganization: (organizationId: string, erasedAt: string, erasureId: string) => ({
    collectionPk: `ERASURES#${organizationId}`,
    collectionSk: `${erasedAt}#${erasureId}`,
  }),
  /**
   * An audit entry at `position` (`<ISO time>#<entryId>`, domain/audit-log.ts) in its organization's log; the
   * same entry is copied under each person it names, and the log's item carries the byCollection keys of its
   * kind, so each filter is one Query.
   */
  auditEntry: (organizationId: string, position: string) => ({ pk: `AUDIT#${organizationId}`, sk: position }),
  auditPersonEntry: (organizationId: string, userId: string, position: string) => ({
    pk: `AUDIT#${organizationId}#PERSON#${userId}`,
    sk: position,
  }),
  auditKindEntry: (organizationId: string, kind: string, position: string) => ({
    collectionPk: `AUDIT#${organizationId}#KIND#${kind}`,
    collectionSk: position,
  }),
  /** `scope` is a digest of route, caller and key (functions/http/idempotency.ts). */
  idempotency: (scope: string) => ({ pk: `IDEMPOTENCY#${scope}`, sk: 'ANSWER' }),
  reviewCollection: (open: boolean, submittedAt: string, requestId: string) => ({
    collectionPk: open ? REVIEW_COLLECTIONS.open : REVIEW_COLLECTIONS.closed,
    collectionSk: `${submittedAt}#${requestId}`,
  }),
} as const;
