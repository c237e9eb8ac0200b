import * as z from 'zod/mini';
import { countryCode, phoneNumber, postalAddress, text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { accountAnswer } from './me.schema';

/** A company website: http(s) only, normalised to its origin and path. */
const website = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'Enter the website as https://…' })
  .check(z.maxLength(300));

export const submitOrganizationRequestBody = z.strictObject({
  legalName: text(200),
  address: postalAddress(),
  country: countryCode(),
  website,
  phone: phoneNumber(),
  /** VAT / EIN / company registration number, as printed on official documents. */
  taxId: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.regex(
          /^[A-Za-z0-9][A-Za-z0-9 .\-/]{1,38}[A-Za-z0-9]$/,
          'Enter the tax id as printed (letters, digits)',
        ),
      ),
  ),
  /** Dun & Bradstreet number: nine digits. */
  dunsNumber: z.optional(z.string().check(z.trim(), z.regex(/^\d{9}$/, 'A DUNS number has nine digits'))),
});
export type SubmitOrganizationRequestBody = z.infer<typeof submitOrganizationRequestBody>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function submitOrganizationRequestAnswers() {
  return { 202: accountAnswer(), 200: accountAnswer() };
}

export const submitOrganizationRequestRoute = route({
  id: 'submitOrganizationRequest',
  method: 'POST',
  path: '/v1/organization-requests',
  auth: 'user',
  handler: 'functions/me/submit-organization-request.handler.ts',
  summary: 'Submit your organization for review when no organization owns your email domain',
  body: submitOrganizationRequestBody,
  success: {
    202: 'The request is submitted and its review started; the account is PENDING_ORGANIZATION',
    200: 'The same request was already submitted; the account as it is',
  },
  responses: answersOf<typeof submitOrganizationRequestAnswers>(),
  problems: [403, 404, 409, 422],
  grants: ['table:write', 'workflow:start', 'mail:send'],
});
