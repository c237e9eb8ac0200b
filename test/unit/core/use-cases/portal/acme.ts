import type { Account } from '../../../../../functions/core/domain/account';
import type { PortalMember } from '../../../../../functions/core/use-cases/portal-access';
import { anOrganization } from '../../../fixtures';
import { anActiveMember, aSite, portalMemberOf } from '../../../portal.fixtures';
import { portalWorld, type PortalWorld } from '../../../portal-settings.fake';

/**
 * Acme with three sites and nine products (on 2025-03-03: ACTIVE before 2025-06-01, EXPIRING within 90 days,
 * EXPIRED after the end date), an administrator and a member; and Globex, another tenant, with one site and
 * one product that Acme's people must never see.
 */
export const ADMIN = anActiveMember({
  userId: 'user-grace',
  email: 'grace@acme.example',
  firstName: 'Grace',
  lastName: 'Hopper',
  role: 'ADMINISTRATOR',
});
export const MEMBER = anActiveMember({ userId: 'user-ada', role: 'MEMBER' });

export const SITES = [
  aSite({ siteId: 'MUC-1', name: 'Munich Plant', country: 'DE' }),
  aSite({ siteId: 'BER-1', name: 'Berlin Office', city: 'Berlin', country: 'DE' }),
  aSite({ siteId: 'LYO-1', name: 'Lyon Lab', city: 'Lyon', country: 'FR' }),
];

const ACTIVE = '2027-06-30';
const EXPIRING = '2025-04-30';
const EXPIRED = '2024-12-31';

export const PRODUCTS = [
  { serviceTag: 'MUC-PE-1', family: 'PowerEdge', siteId: 'MUC-1', supportEndDate: ACTIVE },
  { serviceTag: 'MUC-PE-2', family: 'PowerEdge', siteId: 'MUC-1', supportEndDate: EXPIRING },
  { serviceTag: 'MUC-LA-1', family: 'Latitude', siteId: 'MUC-1', supportEndDate: EXPIRED },
  { serviceTag: 'BER-PE-1', family: 'PowerEdge', siteId: 'BER-1', supportEndDate: ACTIVE },
  { serviceTag: 'BER-LA-1', family: 'Latitude', siteId: 'BER-1', supportEndDate: ACTIVE },
  { serviceTag: 'BER-LA-2', family: 'Latitude', siteId: 'BER-1', supportEndDate: EXPIRED },
  { serviceTag: 'LYO-PR-1', family: 'Precision', siteId: 'LYO-1', supportEndDate: ACTIVE },
  { serviceTag: 'LYO-PR-2', family: 'Precision', siteId: 'LYO-1', supportEndDate: EXPIRING },
  { serviceTag: 'LYO-PE-1', family: 'PowerEdge', siteId: 'LYO-1', supportEndDate: ACTIVE },
].map((product) => ({ ...product, model: `${product.family} model` }));

export interface AcmeWorld extends PortalWorld {
  readonly admin: PortalMember;
  readonly member: PortalMember;
}

export function acmeWorld(): AcmeWorld {
  const world = portalWorld({
    organizations: [
      anOrganization(),
      anOrganization({ organizationId: 'org-globex', name: 'Globex', domains: ['globex.example'] }),
    ],
  });
  for (const site of SITES) world.inventory.addSite('org-acme', site);
  for (const product of PRODUCTS) world.inventory.addProduct('org-acme', product);
  world.inventory.addSite('org-globex', aSite({ siteId: 'GLX-1', name: 'Globex Tower' }));
  world.inventory.addProduct('org-globex', {
    serviceTag: 'GLX-TAB-1',
    model: 'Rugged',
    family: 'Rugged Tablet',
    siteId: 'GLX-1',
    supportEndDate: ACTIVE,
  });
  world.members.addMember(ADMIN).addMember(MEMBER);
  return { ...world, admin: portalMemberOf(ADMIN), member: portalMemberOf(MEMBER) };
}

/** The member as stored now (after a role change, say). */
export function reloaded(world: PortalWorld, account: Account): PortalMember {
  const stored = world.accounts.storedAccount(account.userId);
  if (!stored) throw new Error(`no account ${account.userId}`);
  return portalMemberOf(stored);
}

/**
 * readAsPortalMember's dependencies over the world's accounts, each account read held until `release`: what
 * a route reads beside the account (on the organization the token names) shows before it answers.
 */
export function heldAccess(world: PortalWorld) {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const accounts = Object.create(world.accounts) as typeof world.accounts;
  accounts.getAccount = (userId: string) => held.then(() => world.accounts.getAccount(userId));
  const access = { accounts, organizationStatus: { statusOf: async () => 'ACTIVE' as const } };
  return { access, release };
}

/** Lets every read already under way (in memory) answer. */
export const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
