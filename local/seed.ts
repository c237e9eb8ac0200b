import type { DynamoOrganizationDirectory } from '../functions/core/adapters/dynamodb/organization.directory';
import type { Organization } from '../functions/core/domain/organization';

/**
 * Demo organizations, one for each registration outcome:
 * - `acme.example`: one company owns it → the business account opens at once;
 * - `northland.gov.example`: three government divisions share it → the person picks a division;
 * - `bridgewater-partners.example`: a partner organization;
 * - `pending.example`: an organization still under review (not matched until approved);
 * - any other work domain, e.g. `globex.example`: no organization → organization required.
 */
export const DEMO_ORGANIZATIONS: readonly Organization[] = [
  {
    organizationId: 'org-acme',
    name: 'Acme Manufacturing GmbH',
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Munich',
    country: 'DE',
    domains: ['acme.example'],
  },
  {
    organizationId: 'org-northland-health',
    name: 'Northland Department of Health',
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Northport',
    country: 'CA',
    domains: ['northland.gov.example', 'health.northland.gov.example'],
  },
  {
    organizationId: 'org-northland-transport',
    name: 'Northland Department of Transport',
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Ridgeville',
    country: 'CA',
    domains: ['northland.gov.example'],
  },
  {
    organizationId: 'org-northland-revenue',
    name: 'Northland Revenue Agency',
    kind: 'CUSTOMER',
    status: 'ACTIVE',
    city: 'Northport',
    country: 'CA',
    domains: ['northland.gov.example'],
  },
  {
    organizationId: 'org-bridgewater',
    name: 'Bridgewater Systems',
    kind: 'PARTNER',
    status: 'ACTIVE',
    city: 'Leeds',
    country: 'GB',
    domains: ['bridgewater-partners.example'],
  },
  {
    organizationId: 'org-pending-initech',
    name: 'Initech (under review)',
    kind: 'CUSTOMER',
    status: 'PENDING',
    city: 'Austin',
    country: 'US',
    domains: ['pending.example'],
  },
];

/** Creates the demo organizations that are missing; answers how many were created. */
export async function seedDemoData(directory: DynamoOrganizationDirectory): Promise<number> {
  let created = 0;
  for (const organization of DEMO_ORGANIZATIONS) {
    if (await directory.createOrganization(organization)) created += 1;
  }
  return created;
}
