import * as z from 'zod/mini';
import { countryCode, postalAddress, text } from '../http/fields';
import { answersOf, route } from '../http/route';
import { directoryOrganizationDetailAnswer, groupName } from './directory.schema';

export const createOrganizationBody = z.strictObject({
  name: text(200),
  country: countryCode(),
  address: postalAddress(),
  kind: z.enum(['CUSTOMER', 'PARTNER']),
  status: z._default(z.enum(['ACTIVE', 'SUSPENDED']), 'ACTIVE'),
  divisionOf: z.optional(groupName()),
});

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function createOrganizationAnswers() {
  return { 201: directoryOrganizationDetailAnswer() };
}

export const createOrganizationRoute = route({
  id: 'createOrganization',
  method: 'POST',
  path: '/v1/operator/organizations',
  auth: 'operator',
  handler: 'functions/operator/create-organization.handler.ts',
  summary: 'Operators: create an organization in the directory (no review); add its domains with an edit',
  body: createOrganizationBody,
  success: { 201: 'The organization, created, with its first history line' },
  responses: answersOf<typeof createOrganizationAnswers>(),
  grants: ['table:write'],
});
