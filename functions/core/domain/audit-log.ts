import type { Account, MemberRole } from './account';
import type { MembershipPolicy } from './membership-policy';
import type { VisibilityRules } from './portal-visibility';

/**
 * An organization's audit log: one append-only entry per change to its membership or settings, written in the
 * same transaction as the change (the stores take the entry with the change), kept AUDIT_RETENTION_DAYS.
 * Nothing ever updates or deletes an entry; expiry is DynamoDB's TTL, and readers never see an entry older than
 * the retention even before TTL removes it.
 */

/** The kinds of change recorded. Each issue-15 feature adds its kinds when it lands (docs/membership.md). */
export const AUDIT_KINDS = [
  'MEMBER_JOINED',
  'ROLE_CHANGED',
  'VISIBILITY_CHANGED',
  'POLICY_CHANGED',
  'JOIN_REQUEST_DECLINED',
  'MEMBER_REMOVED',
  'MEMBER_LEFT',
  'MEMBER_INVITED',
  'INVITATION_REVOKED',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/**
 * How a person became a member: their address's domain matched one organization (DOMAIN), they picked a
 * division of a shared domain (DIVISION_CHOICE), or an operator approved the organization they requested
 * (ORGANIZATION_REQUEST), or an administrator approved their join request (APPROVAL), or they accepted an
 * administrator's invitation (INVITATION).
 */
export const JOIN_ROUTES = [
  'DOMAIN',
  'DIVISION_CHOICE',
  'ORGANIZATION_REQUEST',
  'APPROVAL',
  'INVITATION',
] as const;
export type JoinRoute = (typeof JOIN_ROUTES)[number];

export const AUDIT_RETENTION_DAYS = 400;
const DAY_MS = 86_400_000;

/** Who an entry names: the person's id and their address at the time (kept with the entry). */
export interface AuditPerson {
  readonly userId: string;
  readonly email: string;
}

interface AuditEntryBase {
  /** Unique within the organization; with `at`, the entry's place in the log. */
  readonly entryId: string;
  readonly organizationId: string;
  /** ISO time of the change. */
  readonly at: string;
  /** Who made the change (the person themself when they joined). */
  readonly actor: AuditPerson;
}

/** A person joined, with the role they took. */
export interface MemberJoinedEntry extends AuditEntryBase {
  readonly kind: 'MEMBER_JOINED';
  readonly subject: AuditPerson;
  readonly details: { readonly via: JoinRoute; readonly role: MemberRole };
}

export interface RoleChangedEntry extends AuditEntryBase {
  readonly kind: 'ROLE_CHANGED';
  readonly subject: AuditPerson;
  readonly details: { readonly previousRole: MemberRole; readonly role: MemberRole };
}

/** The visibility rules as saved. */
export interface VisibilityChangedEntry extends AuditEntryBase {
  readonly kind: 'VISIBILITY_CHANGED';
  readonly details: {
    readonly sites: 'ALL' | readonly string[];
    readonly families: 'ALL' | readonly string[];
  };
}

/** The membership policy changed (domain/membership-policy.ts). */
export interface PolicyChangedEntry extends AuditEntryBase {
  readonly kind: 'POLICY_CHANGED';
  readonly details: { readonly previousPolicy: MembershipPolicy; readonly policy: MembershipPolicy };
}

/** An administrator declined a person's join request, with the reason told to them (when one was given). */
export interface JoinRequestDeclinedEntry extends AuditEntryBase {
  readonly kind: 'JOIN_REQUEST_DECLINED';
  readonly subject: AuditPerson;
  readonly details: { readonly reason?: string };
}

/** An administrator removed a member (their role at the time, and how many of their groups went with them). */
export interface MemberRemovedEntry extends AuditEntryBase {
  readonly kind: 'MEMBER_REMOVED';
  readonly subject: AuditPerson;
  readonly details: { readonly role: MemberRole; readonly groupsDeleted: number };
}

/** A member left the organization themself (they are actor and subject). */
export interface MemberLeftEntry extends AuditEntryBase {
  readonly kind: 'MEMBER_LEFT';
  readonly subject: AuditPerson;
  readonly details: { readonly role: MemberRole; readonly groupsDeleted: number };
}

/** An administrator invited an address (the invitee has no account of the organization yet: no `subject`). */
export interface MemberInvitedEntry extends AuditEntryBase {
  readonly kind: 'MEMBER_INVITED';
  readonly details: {
    readonly invitationId: string;
    readonly email: string;
    readonly role: MemberRole;
    readonly allowOutsideDomain: boolean;
  };
}

/** An administrator revoked a pending invitation. */
export interface InvitationRevokedEntry extends AuditEntryBase {
  readonly kind: 'INVITATION_REVOKED';
  readonly details: { readonly invitationId: string; readonly email: string };
}

/** One entry: who (`actor`), whom (`subject`, when it concerns a person), when, and what (`details`, by kind). */
export type AuditEntry =
  | MemberJoinedEntry
  | RoleChangedEntry
  | VisibilityChangedEntry
  | PolicyChangedEntry
  | JoinRequestDeclinedEntry
  | MemberRemovedEntry
  | MemberLeftEntry
  | MemberInvitedEntry
  | InvitationRevokedEntry;

/** The log's sort order: time, then id (ISO times sort as text). */
export function auditPosition(entry: Pick<AuditEntry, 'at' | 'entryId'>): string {
  return `${entry.at}#${entry.entryId}`;
}

/** When DynamoDB may delete the entry (epoch seconds). */
export function auditExpiryEpoch(entry: Pick<AuditEntry, 'at'>): number {
  return Math.ceil(Date.parse(entry.at) / 1000) + AUDIT_RETENTION_DAYS * 86_400;
}

/** The oldest time a reader may still show at `now` (older entries are expired, whether TTL removed them yet). */
export function oldestRetained(now: Date): string {
  return new Date(now.getTime() - AUDIT_RETENTION_DAYS * DAY_MS).toISOString();
}

/** The people an entry names, once each: the entry is found under each of them. */
export function peopleOf(entry: AuditEntry): string[] {
  const actor = entry.actor.userId;
  const subject = 'subject' in entry ? entry.subject.userId : actor;
  return subject === actor ? [actor] : [actor, subject];
}

function newEntryId(): string {
  // The global Web Crypto (Node 20): no module import, so the functions that only write entries stay small.
  return crypto.randomUUID();
}

function personOf(account: Pick<Account, 'userId' | 'email'>): AuditPerson {
  return { userId: account.userId, email: account.email };
}

/** `account` joined `organizationId` with its role, by `via`; they are actor and subject. */
export function memberJoined(
  organizationId: string,
  account: Pick<Account, 'userId' | 'email' | 'role'>,
  via: JoinRoute,
  at: Date,
): MemberJoinedEntry {
  const person = personOf(account);
  return {
    entryId: newEntryId(),
    organizationId,
    kind: 'MEMBER_JOINED',
    at: at.toISOString(),
    actor: person,
    subject: person,
    details: { via, role: account.role ?? 'MEMBER' },
  };
}

/** `actor` changed `subject`'s role from `from` to `to`. */
export function roleChanged(
  organizationId: string,
  actor: Pick<Account, 'userId' | 'email'>,
  subject: AuditPerson,
  from: MemberRole,
  to: MemberRole,
  at: Date,
): RoleChangedEntry {
  return {
    entryId: newEntryId(),
    organizationId,
    kind: 'ROLE_CHANGED',
    at: at.toISOString(),
    actor: personOf(actor),
    subject: { userId: subject.userId, email: subject.email },
    details: { previousRole: from, role: to },
  };
}

/** `actor` saved `rules` (the entry records the rules as saved). */
export function visibilityChanged(
  organizationId: string,
  actor: Pick<Account, 'userId' | 'email'>,
  rules: VisibilityRules,
  at: Date,
): VisibilityChangedEntry {
  return {
    entryId: newEntryId(),
    organizationId,
    kind: 'VISIBILITY_CHANGED',
    at: at.toISOString(),
    actor: personOf(actor),
    details: { sites: rules.sites, families: rules.families },
  };
}

/** `actor` changed the organization's membership policy from `from` to `to`. */
export function policyChanged(
  organizationId: string,
  actor: Pick<Account, 'userId' | 'email'>,
  from: MembershipPolicy,
  to: MembershipPolicy,
  at: Date,
): PolicyChangedEntry {
  return {
    entryId: newEntryId(),
    organizationId,
    kind: 'POLICY_CHANGED',
    at: at.toISOString(),
    actor: personOf(actor),
    details: { previousPolicy: from, policy: to },
  };
}

/** What an administrator may ask of the log: newest first, optionally one kind and/or one person. */
export interface AuditQuery {
  readonly kind?: AuditKind | undefined;
  /** A userId: entries where they acted or were acted upon. */
  readonly person?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** `actor` declined `subject`'s join request, with `reason` when one was given. */
export function joinRequestDeclined(
  organizationId: string,
  actor: Pick<Account, 'userId' | 'email'>,
  subject: AuditPerson,
  reason: string | undefined,
  at: Date,
): JoinRequestDeclinedEntry {
  return {
    entryId: newEntryId(),
    organizationId,
    kind: 'JOIN_REQUEST_DECLINED',
    at: at.toISOString(),
    actor: personOf(actor),
    subject: { userId: subject.userId, email: subject.email },
    details: reason === undefined ? {} : { reason },
  };
}

/**
 * `subject` (an active member, with the role they had) stopped being a member: removed by `actor`, or left when
 * `actor` is `subject`. `groupsDeleted`: their product groups deleted with the membership.
 */
export function memberExited(
  organizationId: string,
  actor: Pick<Account, 'userId' | 'email'>,
  subject: Pick<Account, 'userId' | 'email' | 'role'>,
  groupsDeleted: number,
  at: Date,
): MemberRemovedEntry | MemberLeftEntry {
  const details = { role: subject.role ?? 'MEMBER', groupsDeleted };
  const common = {
    entryId: newEntryId(),
    organizationId,
    at: at.toISOString(),
    actor: personOf(actor),
    subject: personOf(subject),
    details,
  };
  return actor.userId === subject.userId
    ? { ...common, kind: 'MEMBER_LEFT' }
    : { ...common, kind: 'MEMBER_REMOVED' };
}

/** `actor` invited `invitation.email` with a role. */
export function memberInvited(
  actor: Pick<Account, 'userId' | 'email'>,
  invitation: {
    readonly organizationId: string;
    readonly invitationId: string;
    readonly email: string;
    readonly role: MemberRole;
    readonly allowOutsideDomain: boolean;
  },
  at: Date,
): MemberInvitedEntry {
  return {
    entryId: newEntryId(),
    organizationId: invitation.organizationId,
    kind: 'MEMBER_INVITED',
    at: at.toISOString(),
    actor: personOf(actor),
    details: {
      invitationId: invitation.invitationId,
      email: invitation.email,
      role: invitation.role,
      allowOutsideDomain: invitation.allowOutsideDomain,
    },
  };
}

/** `actor` revoked the pending invitation of `invitation.email`. */
export function invitationRevoked(
  actor: Pick<Account, 'userId' | 'email'>,
  invitation: { readonly organizationId: string; readonly invitationId: string; readonly email: string },
  at: Date,
): InvitationRevokedEntry {
  return {
    entryId: newEntryId(),
    organizationId: invitation.organizationId,
    kind: 'INVITATION_REVOKED',
    at: at.toISOString(),
    actor: personOf(actor),
    details: { invitationId: invitation.invitationId, email: invitation.email },
  };
}
