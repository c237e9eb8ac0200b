import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { invitationListAnswer } from './membership.schema';

export const createInvitationsBody = z.strictObject({
  invitations: z
    .array(
      z.strictObject({
        email: z.email().check(z.maxLength(254)),
        role: z.enum(['MEMBER', 'ADMINISTRATOR']),
        allowOutsideDomain: z.optional(z.boolean()),
      }),
    )
    .check(z.minLength(1), z.maxLength(50)),
});
export type CreateInvitationsBody = z.infer<typeof createInvitationsBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function createInvitationsAnswers() {
  return { 201: invitationListAnswer('The invitations made, each emailed') };
}

export const createInvitationsRoute = route({
  id: 'createInvitations',
  method: 'POST',
  path: '/v1/portal/invitations',
  auth: 'member',
  handler: 'functions/portal/create-invitations.handler.ts',
  summary: 'Administrators: invite 1 to 50 addresses with a role (single-use links emailed, valid 7 days)',
  body: createInvitationsBody,
  success: { 201: 'The invitations made' },
  responses: answersOf<typeof createInvitationsAnswers>(),
  problems: [409],
  grants: ['table:write', 'mail:send'],
  // Up to 50 invitation emails, sent in parallel after the write (SES may pace them).
  function: { timeoutSeconds: 29 },
});
