import * as z from 'zod/mini';
import { count, countryCode, postalAddress, text } from '../http/fields';
import { answersOf, route } from '../http/route';
import {
  directoryOrganizationDetailAnswer,
  emailDomain,
  groupName,
  organizationPath,
} from './directory.schema';

export const updateOrganizationBody = z.strictObject({
  revision: z
    .int()
    .check(z.gte(0), z.meta({ description: 'The revision you read: a later one answers 409' })),
  name: z.optional(text(200)),
  country: z.optional(countryCode()),
  address: z.optional(postalAddress()),
  kind: z.optional(z.enum(['CUSTOMER', 'PARTNER'])),
  status: z.optional(
    z
      .enum(['ACTIVE', 'SUSPENDED'])
      .check(
        z.meta({ description: 'SUSPENDED deactivates (members lose portal access), ACTIVE reactivates' }),
      ),
  ),
  divisionOf: z.optional(
    z.nullable(groupName()).check(z.meta({ description: 'Mark it a division of this group; null: of none' })),
  ),
  addDomains: z.optional(z.array(emailDomain()).check(z.maxLength(20))),
  removeDomains: z.optional(z.array(emailDomain()).check(z.maxLength(20))),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function updateOrganizationAnswers() {
  return {
    200: z
      .strictObject({
        ...directoryOrganizationDetailAnswer().shape,
        notified: count(
          'People waiting in ORGANIZATION_REQUIRED for a domain it now offers, emailed just now',
        ),
      })
      .check(z.meta({ description: 'The organization after the edit, with its history, newest first' })),
  };
}

export const updateOrganizationRoute = route({
  id: 'updateOrganization',
  method: 'PATCH',
  path: '/v1/operator/organizations/{organizationId}',
  auth: 'operator',
  handler: 'functions/operator/update-organization.handler.ts',
  summary:
    'Operators: edit an organization (profile, deactivate/reactivate, division, domains), conditional on its revision',
  body: updateOrganizationBody,
  pathParameters: organizationPath(),
  success: { 200: 'The organization after the edit (the same when nothing changed)' },
  responses: answersOf<typeof updateOrganizationAnswers>(),
  problems: [404, 409, 422],
  grants: ['table:write', 'mail:send'],
});
