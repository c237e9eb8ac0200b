import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

export const chooseOrganizationBody = z.strictObject({
  organizationId: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
});
export type ChooseOrganizationBody = z.infer<typeof chooseOrganizationBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function chooseOrganizationAnswers() {
  return {
    200: z
      .discriminatedUnion('outcome', [
        z.strictObject({ outcome: z.literal('ACTIVE'), account: accountAnswer() }),
        z.strictObject({ outcome: z.literal('AWAITING_APPROVAL'), account: accountAnswer() }),
      ])
      .check(
        z.meta({
          description:
            'ACTIVE in the chosen organization; AWAITING_APPROVAL: its membership policy is APPROVAL, a join request waits for its administrators',
        }),
      ),
  };
}

export const chooseOrganizationRoute = route({
  id: 'chooseOrganization',
  method: 'PUT',
  path: '/v1/me/organization',
  auth: 'user',
  handler: 'functions/me/choose-organization.handler.ts',
  summary: 'Pick your division when several organizations share your email domain',
  body: chooseOrganizationBody,
  success: { 200: 'The account, ACTIVE in the chosen organization or AWAITING_APPROVAL' },
  responses: answersOf<typeof chooseOrganizationAnswers>(),
  problems: [403, 404, 409, 422],
  grants: ['table:write', 'mail:send'],
});
