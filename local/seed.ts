import type { DynamoOrganizationDirectory } from '../functions/core/adapters/dynamodb/organization.directory';
import type { Organization } from '../functions/core/domain/organization';
import { addDays, type ProductRecord, type Site } from '../functions/core/domain/portal';
import type { ImportReport } from '../functions/core/domain/portal-import';
import {
  importPortalData,
  type ImportDependencies,
} from '../functions/core/use-cases/portal/import-portal-data';
import { seededRandom } from './seeded-random';

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

/** The organization that gets the generated demo inventory. */
export const DEMO_INVENTORY_ORGANIZATION = 'org-acme';
export const DEFAULT_DEMO_PRODUCTS = 3000;

/** Twelve countries, three sites each. */
const DEMO_LOCATIONS: ReadonlyArray<readonly [country: string, cities: readonly [string, string, string]]> = [
  ['DE', ['Munich', 'Hamburg', 'Berlin']],
  ['FR', ['Paris', 'Lyon', 'Toulouse']],
  ['GB', ['London', 'Manchester', 'Leeds']],
  ['US', ['Austin', 'Chicago', 'Boston']],
  ['CA', ['Toronto', 'Vancouver', 'Montreal']],
  ['JP', ['Tokyo', 'Osaka', 'Nagoya']],
  ['IN', ['Bengaluru', 'Pune', 'Chennai']],
  ['BR', ['Sao Paulo', 'Curitiba', 'Recife']],
  ['AU', ['Sydney', 'Melbourne', 'Perth']],
  ['NL', ['Amsterdam', 'Rotterdam', 'Eindhoven']],
  ['ES', ['Madrid', 'Barcelona', 'Valencia']],
  ['IT', ['Milan', 'Turin', 'Bologna']],
];
const SITE_KINDS = ['Plant', 'Office', 'Data Center'] as const;
const STREETS = [
  'Industriestrasse',
  'Harbour Road',
  'Main Street',
  'Park Avenue',
  'Station Road',
  'Via Roma',
];

/** Families with their models and how common they are (relative weights). */
const DEMO_FAMILIES: ReadonlyArray<readonly [family: string, weight: number, models: readonly string[]]> = [
  ['PowerEdge', 14, ['PowerEdge R660', 'PowerEdge R760', 'PowerEdge R860', 'PowerEdge T560']],
  ['PowerStore', 4, ['PowerStore 500T', 'PowerStore 1200T', 'PowerStore 3200T']],
  ['PowerScale', 3, ['PowerScale F710', 'PowerScale H7000', 'PowerScale A3000']],
  ['PowerVault', 4, ['PowerVault ME5012', 'PowerVault ME5024', 'PowerVault ME5084']],
  ['PowerSwitch', 6, ['PowerSwitch S5248F-ON', 'PowerSwitch Z9432F-ON', 'PowerSwitch N3248TE-ON']],
  ['PowerProtect', 2, ['PowerProtect DD6400', 'PowerProtect DD9400']],
  ['Precision', 8, ['Precision 3680', 'Precision 5690', 'Precision 7875']],
  ['Latitude', 20, ['Latitude 5450', 'Latitude 7450', 'Latitude 9450']],
  ['OptiPlex', 18, ['OptiPlex 7020 Micro', 'OptiPlex 7020 Tower', 'OptiPlex All-in-One']],
  ['XPS', 4, ['XPS 13', 'XPS 14', 'XPS 16']],
  ['Wyse', 5, ['Wyse 5070', 'Wyse 5470']],
  ['UltraSharp', 12, ['UltraSharp U2724D', 'UltraSharp U3224KB', 'UltraSharp U4025QW']],
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function demoSites(): Site[] {
  const random = seededRandom(36);
  return DEMO_LOCATIONS.flatMap(([country, cities]) =>
    cities.map((city, index) => ({
      siteId: `${country}-${city.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(2, '0')}`,
      name: `Acme ${city} ${SITE_KINDS[index] ?? 'Site'}`,
      address: `${1 + Math.floor(random() * 199)} ${pick(random, STREETS)}`,
      city,
      country,
    })),
  );
}

/**
 * Product `index` of the demo inventory: the same for the same index and anchor day, however many are made,
 * so a larger inventory extends a smaller one. Sites differ in size (a few large ones); support end dates
 * spread from a year before `anchorDay` to four years after, so every status occurs.
 */
export function demoProduct(index: number, anchorDay: string, sites: readonly Site[]): ProductRecord {
  const random = seededRandom(0x5eed + index * 7919);
  const totalWeight = DEMO_FAMILIES.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * totalWeight;
  const [family, , models] =
    DEMO_FAMILIES.find(([, weight]) => (draw -= weight) < 0) ??
    (DEMO_FAMILIES[0] as (typeof DEMO_FAMILIES)[0]);
  // Squaring skews towards the first sites: some sites hold many products, some few.
  const site = sites[Math.floor(random() ** 2 * sites.length)] as Site;
  const alphabet = 'BCDFGHJKLMNPQRSTVWXYZ0123456789';
  const suffix = Array.from({ length: 3 }, () => pick(random, [...alphabet])).join('');
  return {
    serviceTag: `${index.toString(36).toUpperCase().padStart(4, '0')}${suffix}`,
    model: pick(random, models),
    family,
    siteId: site.siteId,
    supportEndDate: addDays(anchorDay, -365 + Math.floor(random() * 5 * 365)),
  };
}

/** Rows per import call, as `npm run import` sends them. */
const SEED_BATCH = 2000;

/**
 * Imports the demo inventory of org-acme through the operators' import use case: the sites, then `products`
 * products whose end dates are spread around `anchorDay`. Importing it again (a restart with the same anchor
 * day) finds everything unchanged and writes nothing.
 */
export async function seedDemoInventory(
  deps: ImportDependencies,
  options: { readonly products: number; readonly anchorDay: string },
): Promise<{ readonly sites: ImportReport; readonly products: ImportReport[] }> {
  const organizationId = DEMO_INVENTORY_ORGANIZATION;
  const sites = demoSites();
  const rows = <T>(records: readonly T[]) => records.map((record, index) => ({ row: index + 1, record }));
  const siteReport = await importPortalData(deps, organizationId, {
    kind: 'sites',
    received: sites.length,
    accepted: rows(sites),
    rejected: [],
  });
  const productReports: ImportReport[] = [];
  for (let start = 0; start < options.products; start += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, options.products - start) }, (_, offset) =>
      demoProduct(start + offset, options.anchorDay, sites),
    );
    productReports.push(
      await importPortalData(deps, organizationId, {
        kind: 'products',
        received: batch.length,
        accepted: rows(batch),
        rejected: [],
      }),
    );
  }
  return { sites: siteReport, products: productReports };
}
