import * as z from 'zod/mini';
import { text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { operatorRequestAnswer, requestPath } from './operator.schema';

export const decideOrganizationRequestBody = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('APPROVE'), note: z.optional(text(1000)) }),
  z.strictObject({ outcome: z.literal('REJECT'), reason: text(1000) }),
]);
export type DecideOrganizationRequestBody = z.infer<typeof decideOrganizationRequestBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function decideOrganizationRequestAnswers() {
  return { 201: operatorRequestAnswer(), 200: operatorRequestAnswer() };
}

export const decideOrganizationRequestRoute = route({
  id: 'decideOrganizationRequest',
  method: 'POST',
  path: '/v1/operator/organization-requests/{requestId}/decision',
  auth: 'operator',
  handler: 'functions/operator/decide-organization-request.handler.ts',
  summary: 'Operators: approve or reject an organization request (recorded, idempotent)',
  body: decideOrganizationRequestBody,
  pathParameters: requestPath(),
  success: {
    201: 'The decision is recorded; the request as it is now',
    200: 'The same decision was already recorded; the request as it is',
  },
  responses: answersOf<typeof decideOrganizationRequestAnswers>(),
  problems: [409],
  grants: ['table:write'],
});
