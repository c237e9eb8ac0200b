import { route } from '../http/route';
import { directoryOrganizationDetailAnswer, organizationPath } from './directory.schema';

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
  responses: { 200: directoryOrganizationDetailAnswer() },
  grants: ['table:read'],
});
