import { listDirectory } from '../core/use-cases/operator/organization-directory';
import { organizationCatalogue } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { listOrganizationsRoute } from './list-organizations.route';

export const handler = apiHandler(listOrganizationsRoute, async ({ query }) => ({
  status: 200,
  body: await listDirectory({ organizations: organizationCatalogue() }, query),
}));
