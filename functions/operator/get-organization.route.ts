import { answersOf, route } from '../http/route';
import { directoryOrganizationDetailAnswer, organizationPath } from './directory.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getOrganizationAnswers() {
  return { 200: directoryOrganizationDetailAnswer() };
}

export const getOrganizationRoute = route({
  id: 'getOrganization',
  method: 'GET',
  path: '/v1/operator/organizations/{organizationId}',
  auth: 'operator',
  handler: 'functions/operator/get-organization.handler.ts',
  summary: 'Operators: one organization of the directory with its history',
  body: undefined,
  pathParameters: organizationPath(),
  success: { 200: 'The organization with its history, newest first' },
  responses: answersOf<typeof getOrganizationAnswers>(),
  grants: ['table:read'],
});
