import * as z from 'zod/mini';
import { AUDIT_KINDS, JOIN_ROUTES } from '../core/domain/audit-log';
import { described, instant, pageCursor, pageLimit } from '../http/fields';
import { membershipPolicy } from './membership.schema';
import { allowList, memberRole, page } from './portal.schema';

/**
 * The audit log's query and answer, shared by the administrators' route (functions/portal/list-audit-log) and
 * the operators' (functions/operator/list-organization-audit-log).
 */

/* @__NO_SIDE_EFFECTS__ */
export function auditLogQuery() {
  return z.strictObject({
    limit: pageLimit(),
    cursor: pageCursor('The `cursor` the previous page answered'),
    kind: z.optional(z.enum(AUDIT_KINDS).check(z.meta({ description: 'Only entries of this kind' }))),
    person: z.optional(
      z
        .string()
        .check(
          z.regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a user id'),
          z.meta({ description: 'Only entries naming this person (userId), as actor or subject' }),
        ),
    ),
  });
}

/* @__NO_SIDE_EFFECTS__ */
function auditPerson(description: string) {
  return z
    .strictObject({
      userId: described('Their user id'),
      email: z.email().check(z.meta({ description: 'Their address when the entry was written' })),
    })
    .check(z.meta({ description }));
}

/* @__NO_SIDE_EFFECTS__ */
function entryOf<K extends string, D extends z.ZodMiniType>(kind: K, details: D, description: string) {
  return {
    entryId: described('The entry id, unique within the organization'),
    kind: z.literal(kind).check(z.meta({ description })),
    at: instant('When the change was made'),
    actor: auditPerson('Who made the change (the person themself when they joined)'),
    details,
  };
}

/* @__NO_SIDE_EFFECTS__ */
function exitDetails() {
  return z
    .strictObject({
      role: memberRole(),
      groupsDeleted: z
        .int()
        .check(z.minimum(0), z.meta({ description: 'Their product groups deleted with the membership' })),
    })
    .check(z.meta({ description: 'The role they had, and what went with them' }));
}

/** One entry: its `kind` says what changed and which `details` it carries. */
/* @__NO_SIDE_EFFECTS__ */
export function auditEntryAnswer() {
  return z
    .discriminatedUnion('kind', [
      z.strictObject({
        ...entryOf(
          'MEMBER_JOINED',
          z
            .strictObject({
              via: z.enum(JOIN_ROUTES).check(z.meta({ description: 'How the person joined' })),
              role: memberRole(),
            })
            .check(z.meta({ description: 'How they joined and the role they took' })),
          'A person joined the organization',
        ),
        subject: auditPerson('The person who joined'),
      }),
      z.strictObject({
        ...entryOf(
          'ROLE_CHANGED',
          z
            .strictObject({ previousRole: memberRole(), role: memberRole() })
            .check(z.meta({ description: 'The role before and after' })),
          "A member's role changed",
        ),
        subject: auditPerson('The member whose role changed'),
      }),
      z.strictObject(
        entryOf(
          'VISIBILITY_CHANGED',
          z
            .strictObject({ sites: allowList(z.string()), families: allowList(z.string()) })
            .check(z.meta({ description: 'The rules as saved' })),
          'The visibility rules changed',
        ),
      ),
      z.strictObject(
        entryOf(
          'POLICY_CHANGED',
          z
            .strictObject({ previousPolicy: membershipPolicy(), policy: membershipPolicy() })
            .check(z.meta({ description: 'The membership policy before and after' })),
          'The membership policy changed',
        ),
      ),
      z.strictObject({
        ...entryOf(
          'JOIN_REQUEST_DECLINED',
          z
            .strictObject({
              reason: z.nullable(
                z.string().check(z.meta({ description: 'The reason told to the person; null: none given' })),
              ),
            })
            .check(z.meta({ description: 'The reason, when one was given' })),
          'An administrator declined a join request',
        ),
        subject: auditPerson('The person whose request was declined'),
      }),
      z.strictObject({
        ...entryOf('MEMBER_REMOVED', exitDetails(), 'An administrator removed a member'),
        subject: auditPerson('The person removed'),
      }),
      z.strictObject({
        ...entryOf('MEMBER_LEFT', exitDetails(), 'A member left the organization'),
        subject: auditPerson('The person who left (also the actor)'),
      }),
      z.strictObject(
        entryOf(
          'MEMBER_INVITED',
          z
            .strictObject({
              invitationId: described('The invitation'),
              email: z.email().check(z.meta({ description: 'The invited address' })),
              role: memberRole(),
              allowOutsideDomain: z
                .boolean()
                .check(z.meta({ description: "The address may be outside the organization's domains" })),
            })
            .check(z.meta({ description: 'Whom, with which role' })),
          'An administrator invited an address',
        ),
      ),
      z.strictObject(
        entryOf(
          'INVITATION_REVOKED',
          z
            .strictObject({
              invitationId: described('The invitation'),
              email: z.email().check(z.meta({ description: 'The invited address' })),
            })
            .check(z.meta({ description: 'The invitation revoked' })),
          'An administrator revoked a pending invitation',
        ),
      ),
    ])
    .check(z.meta({ description: 'One change to the organization’s membership or settings' }));
}

/* @__NO_SIDE_EFFECTS__ */
export function auditLogAnswer() {
  return page(auditEntryAnswer(), 'One page of the audit log, newest first');
}
