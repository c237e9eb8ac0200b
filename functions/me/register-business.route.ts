import * as z from 'zod/mini';
import { countryCode, phoneNumber, postalAddress, text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { accountAnswer, organizationCandidate } from './me.schema';

export const registerBusinessBody = z.strictObject({
  companyName: text(200),
  jobTitle: text(100),
  phone: phoneNumber(),
  address: postalAddress(),
  country: countryCode(),
});
export type RegisterBusinessBody = z.infer<typeof registerBusinessBody>;

/** What registering led to: active in the one organization, a choice of divisions, or a request to make. */
/* @__NO_SIDE_EFFECTS__ */
function registrationAnswer() {
  return z
    .discriminatedUnion('outcome', [
      z.strictObject({ outcome: z.literal('ACTIVE'), account: accountAnswer() }),
      z.strictObject({
        outcome: z.literal('CHOOSE_ORGANIZATION'),
        candidates: z
          .array(organizationCandidate())
          .check(z.meta({ description: 'The divisions that share your email domain; choose one' })),
        account: accountAnswer(),
      }),
      z.strictObject({ outcome: z.literal('ORGANIZATION_REQUIRED'), account: accountAnswer() }),
      z.strictObject({ outcome: z.literal('AWAITING_APPROVAL'), account: accountAnswer() }),
      z.strictObject({ outcome: z.literal('INVITATION_REQUIRED'), account: accountAnswer() }),
    ])
    .check(
      z.meta({
        description:
          'ACTIVE: joined the organization that owns your email domain; CHOOSE_ORGANIZATION: several share it ' +
          '(PUT /v1/me/organization); ORGANIZATION_REQUIRED: none does (POST /v1/organization-requests); ' +
          'AWAITING_APPROVAL: its membership policy is APPROVAL, a join request waits for its administrators; ' +
          'INVITATION_REQUIRED: it admits people by invitation only (ask your administrator)',
      }),
    );
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function registerBusinessAnswers() {
  return { 200: registrationAnswer() };
}

export const registerBusinessRoute = route({
  id: 'registerBusiness',
  method: 'PUT',
  path: '/v1/me/registration',
  auth: 'user',
  handler: 'functions/me/register-business.handler.ts',
  summary: 'Submit business registration; joins the organization that owns the email domain',
  body: registerBusinessBody,
  success: {
    200: 'The account after registration (ACTIVE, CHOOSE_ORGANIZATION, ORGANIZATION_REQUIRED, AWAITING_APPROVAL or INVITATION_REQUIRED)',
  },
  responses: answersOf<typeof registerBusinessAnswers>(),
  problems: [403, 404, 409, 422],
  grants: ['table:write', 'mail:send'],
});
