import { beforeEach, describe, expect, it } from 'vitest';
import { addDays, type Site } from '../../../../../functions/core/domain/portal';
import type { JobBudget } from '../../../../../functions/core/use-cases/jobs/due-work';
import { rollSupportStatus } from '../../../../../functions/core/use-cases/jobs/portal-jobs';
import { FixedClock } from '../../../fakes';
import { FakePortalInventory, FakeSupportStatusDueIndex } from '../../../portal-inventory.fake';

const ORG = 'org-acme';
const TODAY = '2025-03-03';
const SITE: Site = {
  siteId: 'MUC-1',
  name: 'Munich',
  address: 'Werkstrasse 1',
  city: 'Munich',
  country: 'DE',
};
const ALL_THE_TIME: JobBudget = { pageSize: 2, hasTimeLeft: () => true };

let inventory: FakePortalInventory;
let clock: FixedClock;

function deps() {
  return { inventory, clock, dueWork: new FakeSupportStatusDueIndex(inventory) };
}

function product(serviceTag: string, supportEndDate: string) {
  return { serviceTag, model: 'R760', family: 'PowerEdge', siteId: SITE.siteId, supportEndDate };
}

beforeEach(() => {
  inventory = new FakePortalInventory().addSite(ORG, SITE);
  clock = new FixedClock(`${TODAY}T00:30:00.000Z`);
});

describe('rollSupportStatus (the roll-support-status job)', () => {
  it('moves every product whose status changes today, and its counters, across pages', async () => {
    // Imported yesterday: each stored with yesterday's status.
    const yesterday = addDays(TODAY, -1);
    inventory
      .addProduct(ORG, product('TO-EXPIRING-1', addDays(TODAY, 90)), yesterday)
      .addProduct(ORG, product('TO-EXPIRING-2', addDays(TODAY, 90)), yesterday)
      .addProduct(ORG, product('TO-EXPIRED', yesterday), yesterday)
      .addProduct(ORG, product('STAYS-ACTIVE', addDays(TODAY, 91)), yesterday)
      .addProduct(ORG, product('STAYS-EXPIRING', addDays(TODAY, 10)), yesterday);

    const report = await rollSupportStatus(deps(), ALL_THE_TIME);

    expect(report).toEqual({ done: 3, failed: 0, unfinished: false });
    expect(
      Object.fromEntries(inventory.allProducts(ORG).map((p) => [p.serviceTag, p.supportStatus])),
    ).toEqual({
      'STAYS-ACTIVE': 'ACTIVE',
      'STAYS-EXPIRING': 'EXPIRING',
      'TO-EXPIRED': 'EXPIRED',
      'TO-EXPIRING-1': 'EXPIRING',
      'TO-EXPIRING-2': 'EXPIRING',
    });
    const [site] = await inventory.siteCounters(ORG);
    expect(site?.families['PowerEdge']).toEqual({ ACTIVE: 1, EXPIRING: 3, EXPIRED: 1 });
    expect(inventory.dueProductRefs(clock.now())).toEqual([]);
  });

  it('has nothing to do before midnight UTC of the day of change', async () => {
    clock = new FixedClock(`${addDays(TODAY, -1)}T23:59:59.000Z`);
    inventory.addProduct(ORG, product('TAG', addDays(TODAY, 90)), addDays(TODAY, -1));

    expect(await rollSupportStatus(deps(), ALL_THE_TIME)).toEqual({ done: 0, failed: 0, unfinished: false });
  });

  it('stops with work left when its time is up', async () => {
    inventory.addProduct(ORG, product('TAG', addDays(TODAY, -1)), addDays(TODAY, -2));

    const report = await rollSupportStatus(deps(), { pageSize: 10, hasTimeLeft: () => false });

    expect(report).toEqual({ done: 0, failed: 0, unfinished: true });
  });
});
