import * as z from 'zod/mini';
import { REVIEW_STAGES } from '../core/domain/organization-request';
import { described, instant, locale, organizationDetailsAnswer } from '../http/fields';

/**
 * Schemas several operator routes share, as factories marked `@__NO_SIDE_EFFECTS__` (see functions/http/fields.ts).
 * Each route's own schemas live in its route module.
 */

/** `{requestId}` in operator paths. */
/* @__NO_SIDE_EFFECTS__ */
export function requestPath() {
  return z.object({
    requestId: z.string().check(z.regex(/^[0-9A-Za-z-]{8,64}$/, 'is not a request id')),
  });
}

/** A request as operators see it: everything, with its requesters, the recorded decision and the history. */
/* @__NO_SIDE_EFFECTS__ */
export function operatorRequestAnswer() {
  const operator = z.strictObject({ userId: z.string(), email: z.email() });
  return z
    .strictObject({
      requestId: z.string(),
      stage: z.enum(REVIEW_STAGES).check(z.meta({ description: 'Where the review is' })),
      domain: described('The email domain the organization will own'),
      organization: organizationDetailsAnswer(),
      organizationId: described('The id the organization gets when it is approved'),
      requesters: z
        .array(
          z.strictObject({
            userId: z.string(),
            email: z.email(),
            firstName: z.string(),
            lastName: z.string(),
            locale: z.optional(locale('The language of the emails to this person (absent: en)')),
            requestedAt: instant('When this person asked'),
          }),
        )
        .check(z.meta({ description: 'The people waiting for it, the first one first' })),
      submittedAt: instant('When the request was submitted'),
      updatedAt: instant('When the request last changed'),
      escalateAt: z.nullable(instant('When the review escalates if nobody has decided by then')),
      expiresAt: z.nullable(instant('When the request expires undecided')),
      decision: z.nullable(
        z.strictObject({
          outcome: z.enum(['APPROVED', 'REJECTED']),
          reason: z.optional(described('Why it was rejected; shown to the requesters')),
          note: z.optional(described("An approver's internal note")),
          decidedBy: operator,
          decidedAt: instant('When it was decided'),
        }),
      ),
      mergedInto: z.nullable(described('The request this one joined (MERGED)')),
      closedReason: z.nullable(described('Why the request closed without a decision')),
      attention: z.nullable(
        z
          .strictObject({
            failedIn: z.enum(REVIEW_STAGES),
            error: z.string(),
            at: instant('When the workflow gave up'),
          })
          .check(z.meta({ description: 'NEEDS_ATTENTION: which stage failed and with what error' })),
      ),
      history: z
        .array(
          z.strictObject({
            at: instant('When it happened'),
            event: described('What happened, e.g. SUBMITTED, ESCALATED, APPROVED'),
            detail: z.optional(z.string()),
            by: z.optional(described('Who did it, when it was a person')),
          }),
        )
        .check(z.meta({ description: 'What happened to the request, oldest first' })),
    })
    .check(z.meta({ description: 'An organization request with its requesters, decision and history' }));
}
