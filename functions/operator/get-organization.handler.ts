import { getDirectoryOrganization } from '../core/use-cases/operator/organization-directory';
import { organizationCatalogue } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getOrganizationRoute } from './get-organization.route';

export const handler = apiHandler(getOrganizationRoute, async ({ path }) => ({
  status: 200,
  body: await getDirectoryOrganization({ organizations: organizationCatalogue() }, path.organizationId),
}));
