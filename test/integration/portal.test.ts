import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  REGISTRATION,
  removeData,
  signIn,
  startStack,
  verifiedPerson,
  type ApiAnswer,
  type RunningStack,
} from './local-stack';
import { NORTHLAND_ONLY_FAMILY, NORTHLAND_PRODUCTS, NORTHLAND_SITES } from './northland-inventory';

/**
 * The portal through the real HTTP API of the local stack, with two tenants: Acme (seeded with a small demo
 * inventory) and Northland Health (imported here by an operator). Members of Acme try every portal route with
 * Northland's ids and never see its data; an administrator's visibility rules reach the Summary, the lists
 * and the groups at once.
 */

let stack: RunningStack;
let api: ReturnType<typeof apiClient>;

interface Person {
  readonly token: string;
  readonly userId: string;
}

let adminA: Person;
let memberA: Person;
let adminB: Person;
let outsider: string;

interface Counts {
  readonly total: number;
  readonly active: number;
  readonly expiring: number;
  readonly expired: number;
}
interface SiteView {
  readonly siteId: string;
  readonly name: string;
  readonly counts: Counts;
}
interface ProductView {
  readonly serviceTag: string;
  readonly family: string;
  readonly siteId: string;
  readonly supportStatus: string;
}
interface SummaryView {
  readonly totals: Counts;
  readonly bySite: readonly SiteView[];
  readonly byFamily: readonly { family: string; counts: Counts }[];
  readonly groups: readonly { groupId: string; name: string }[];
}

const B_SITES = NORTHLAND_SITES;
const B_FAMILY = NORTHLAND_ONLY_FAMILY;
const B_PRODUCTS = NORTHLAND_PRODUCTS;

async function activePerson(email: string): Promise<Person> {
  const token = await verifiedPerson(stack, email);
  await api('PUT', '/v1/me/access-type', { token, body: { accessType: 'CUSTOMER_EMPLOYEE' } });
  const registration = await api('PUT', '/v1/me/registration', { token, body: REGISTRATION });
  expect(registration.body).toMatchObject({ outcome: 'ACTIVE' });
  const me = await api('GET', '/v1/me', { token });
  return { token, userId: String(me.body.userId) };
}

function expectOk(answer: ApiAnswer, status = 200): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}

async function summaryOf(token: string, group?: string): Promise<SummaryView> {
  const query = group ? `?group=${group}` : '';
  return expectOk(await api('GET', `/v1/portal/summary${query}`, { token })) as unknown as SummaryView;
}

/** Every page of a list route. */
async function everyItem<T>(token: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = expectOk(
      await api(
        'GET',
        `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      ),
    ) as { items: T[]; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

beforeAll(async () => {
  stack = await startStack({ args: ['--demo-products', '200'] });
  api = apiClient(stack);
  const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
  const importInto = (kind: string, rows: unknown[]) =>
    api('POST', `/v1/operator/organizations/org-northland-health/imports/${kind}`, {
      token: operatorToken,
      body: { rows },
    });
  expectOk(await importInto('sites', B_SITES));
  expectOk(await importInto('products', B_PRODUCTS));

  adminA = await activePerson('first@acme.example');
  memberA = await activePerson('second@acme.example');
  adminB = await activePerson('first@health.northland.gov.example');
  outsider = await verifiedPerson(stack, 'limited@globex.example');
});

afterAll(async () => {
  await stack?.stop();
  if (stack) removeData(stack);
});

describe('the Summary', () => {
  it('counts the seeded inventory by site, family and status, and the lists agree with it', async () => {
    const summary = await summaryOf(memberA.token);
    const products = await everyItem<ProductView>(memberA.token, '/v1/portal/products');

    expect(summary.totals.total).toBe(200);
    expect(products).toHaveLength(200);
    expect(new Set(products.map((product) => product.serviceTag)).size).toBe(200);
    const byStatus = (status: string) =>
      products.filter((product) => product.supportStatus === status).length;
    expect(summary.totals).toEqual({
      total: 200,
      active: byStatus('ACTIVE'),
      expiring: byStatus('EXPIRING'),
      expired: byStatus('EXPIRED'),
    });
    for (const site of summary.bySite) {
      expect(site.counts.total).toBe(products.filter((product) => product.siteId === site.siteId).length);
    }
    for (const { family, counts } of summary.byFamily) {
      expect(counts.total).toBe(products.filter((product) => product.family === family).length);
    }
  });

  it('opens only to active business accounts', async () => {
    expect((await api('GET', '/v1/portal/summary')).status).toBe(401);
    const limited = await api('GET', '/v1/portal/summary', { token: outsider });
    expect(limited.status).toBe(403);
    expect(limited.body.type).toBe('/problems/business-account-required');
  });
});

describe('a member of another organization', () => {
  let bGroup: string;

  beforeAll(async () => {
    const created = await api('POST', '/v1/portal/groups', {
      token: adminB.token,
      body: {
        name: 'Northland tablets',
        shared: true,
        definition: { kind: 'PRODUCTS', serviceTags: B_PRODUCTS.map((product) => product.serviceTag) },
      },
    });
    bGroup = String(expectOk(created, 201).groupId);
  });

  it("gets 404, never data, for every portal route given the other tenant's ids", async () => {
    const tag = B_PRODUCTS[0]!.serviceTag;
    const site = B_SITES[0]!.siteId;
    const reads = [
      `/v1/portal/products/${tag}`,
      `/v1/portal/products?site=${site}`,
      `/v1/portal/products?family=${encodeURIComponent(B_FAMILY)}`,
      `/v1/portal/products?group=${bGroup}`,
      `/v1/portal/summary?group=${bGroup}`,
      `/v1/portal/groups/${bGroup}`,
    ];
    for (const token of [memberA.token, adminA.token]) {
      for (const path of reads) {
        const answer = await api('GET', path, { token });
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
        expect(answer.contentType).toContain('application/problem+json');
        // `instance` echoes the caller's own path; nothing else may name the other tenant.
        const { instance: _echoed, ...problem } = answer.body;
        expect(JSON.stringify(problem)).not.toMatch(/NH-|Northland/);
      }
      const renamed = await api('PATCH', `/v1/portal/groups/${bGroup}`, {
        token,
        body: { name: 'Mine now' },
      });
      expect(renamed.status).toBe(404);
      expect((await api('DELETE', `/v1/portal/groups/${bGroup}`, { token })).status).toBe(404);
    }
    // B's group survived every attempt.
    expect(expectOk(await api('GET', `/v1/portal/groups/${bGroup}`, { token: adminB.token }))).toMatchObject({
      name: 'Northland tablets',
    });
  });

  it("cannot use the other tenant's products, sites or families in a group or in visibility rules", async () => {
    const attempts = [
      { kind: 'PRODUCTS', serviceTags: [B_PRODUCTS[0]!.serviceTag] },
      { kind: 'FAMILIES', families: [B_FAMILY] },
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge'], sites: [B_SITES[0]!.siteId] },
    ];
    for (const definition of attempts) {
      const answer = await api('POST', '/v1/portal/groups', {
        token: memberA.token,
        body: { name: 'Probe', definition },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.type).toBe('/problems/validation-error');
    }
    const rules = await api('PUT', '/v1/portal/visibility', {
      token: adminA.token,
      body: { sites: [B_SITES[0]!.siteId], families: 'ALL' },
    });
    expect(rules.status).toBe(400);
  });

  it("cannot change the role of the other tenant's members, nor claim another organization", async () => {
    const promote = await api('PUT', `/v1/portal/members/${adminB.userId}/role`, {
      token: adminA.token,
      body: { role: 'MEMBER' },
    });
    expect(promote.status).toBe(404);
    const smuggled = await api('POST', '/v1/portal/groups', {
      token: memberA.token,
      body: {
        name: 'Smuggled',
        organizationId: 'org-northland-health',
        definition: { kind: 'FAMILIES', families: ['PowerEdge'] },
      },
    });
    expect(smuggled.status).toBe(400);
    expect(smuggled.body.errors).toEqual([{ pointer: '/organizationId', detail: 'is not a known field' }]);
  });

  it("never lists the other tenant's sites or products", async () => {
    const sites = await everyItem<SiteView>(adminA.token, '/v1/portal/sites');
    const products = await everyItem<ProductView>(adminA.token, '/v1/portal/products');
    const summary = await summaryOf(adminA.token);

    expect(sites.map((site) => site.siteId)).not.toEqual(expect.arrayContaining([B_SITES[0]!.siteId]));
    expect(products.some((product) => product.serviceTag.startsWith('NH-'))).toBe(false);
    expect(summary.bySite.some((site) => site.siteId.startsWith('NH-'))).toBe(false);
    expect(summary.byFamily.some((entry) => entry.family === B_FAMILY)).toBe(false);
    expect(summary.groups.some((group) => group.groupId === bGroup)).toBe(false);
  });
});

describe('administrators', () => {
  it('decide what members see: a member who loses a site no longer sees it in groups or the Summary', async () => {
    const sites = (await summaryOf(adminA.token)).bySite.filter((site) => site.counts.total > 0);
    const [hidden, kept] = sites;
    if (!hidden || !kept) throw new Error('the demo inventory needs two sites with products');
    const families = (await summaryOf(adminA.token)).byFamily.map((entry) => entry.family);
    const group = expectOk(
      await api('POST', '/v1/portal/groups', {
        token: memberA.token,
        body: {
          name: 'Two sites',
          definition: { kind: 'FAMILIES_AT_SITES', families, sites: [hidden.siteId, kept.siteId] },
        },
      }),
      201,
    );
    const groupId = String(group.groupId);
    const before = await summaryOf(memberA.token, groupId);
    expect(before.totals.total).toBe(hidden.counts.total + kept.counts.total);

    const everyOtherSite = sites.filter((site) => site.siteId !== hidden.siteId).map((site) => site.siteId);
    expectOk(
      await api('PUT', '/v1/portal/visibility', {
        token: adminA.token,
        body: { sites: everyOtherSite, families: 'ALL' },
      }),
    );

    const grouped = await summaryOf(memberA.token, groupId);
    expect(grouped.totals.total).toBe(kept.counts.total);
    expect(grouped.bySite.map((site) => site.siteId)).toEqual([kept.siteId]);
    const overall = await summaryOf(memberA.token);
    expect(overall.bySite.some((site) => site.siteId === hidden.siteId)).toBe(false);
    const groupView = expectOk(await api('GET', `/v1/portal/groups/${groupId}`, { token: memberA.token }));
    expect((groupView.definition as { sites: string[] }).sites).toEqual([kept.siteId]);
    const groupProducts = await everyItem<ProductView>(memberA.token, `/v1/portal/products?group=${groupId}`);
    expect(groupProducts).toHaveLength(kept.counts.total);
    expect(groupProducts.every((product) => product.siteId === kept.siteId)).toBe(true);
    expect(
      (await api('GET', `/v1/portal/products?site=${hidden.siteId}`, { token: memberA.token })).status,
    ).toBe(404);
    // The administrator still sees everything.
    expect((await summaryOf(adminA.token)).totals.total).toBe(200);

    expectOk(
      await api('PUT', '/v1/portal/visibility', {
        token: adminA.token,
        body: { sites: 'ALL', families: 'ALL' },
      }),
    );
    expect((await summaryOf(memberA.token, groupId)).totals.total).toBe(before.totals.total);
  });

  it('promote and demote members, and the last administrator stays', async () => {
    expect((await api('GET', '/v1/portal/visibility', { token: memberA.token })).status).toBe(403);

    expectOk(
      await api('PUT', `/v1/portal/members/${memberA.userId}/role`, {
        token: adminA.token,
        body: { role: 'ADMINISTRATOR' },
      }),
    );
    expect((await api('GET', '/v1/portal/visibility', { token: memberA.token })).status).toBe(200);
    const members = await everyItem<{ userId: string; role: string }>(adminA.token, '/v1/portal/members');
    expect(members.find((member) => member.userId === memberA.userId)?.role).toBe('ADMINISTRATOR');

    expectOk(
      await api('PUT', `/v1/portal/members/${memberA.userId}/role`, {
        token: adminA.token,
        body: { role: 'MEMBER' },
      }),
    );
    expect((await api('GET', '/v1/portal/visibility', { token: memberA.token })).status).toBe(403);

    const alone = await api('PUT', `/v1/portal/members/${adminA.userId}/role`, {
      token: adminA.token,
      body: { role: 'MEMBER' },
    });
    expect(alone.status).toBe(409);
    expect(alone.body.type).toBe('/problems/last-administrator');
  });
});

describe('the audit log', () => {
  interface EntryView {
    readonly kind: string;
    readonly actor: { userId: string };
    readonly subject?: { userId: string };
    readonly details: Record<string, unknown>;
  }

  it('holds every change with who and when, newest first, by kind and by person, for administrators and operators', async () => {
    expectOk(
      await api('PUT', '/v1/portal/visibility', {
        token: adminA.token,
        body: { sites: 'ALL', families: 'ALL' },
      }),
    );
    expectOk(
      await api('PUT', `/v1/portal/members/${memberA.userId}/role`, {
        token: adminA.token,
        body: { role: 'ADMINISTRATOR' },
      }),
    );
    expectOk(
      await api('PUT', `/v1/portal/members/${memberA.userId}/role`, {
        token: adminA.token,
        body: { role: 'MEMBER' },
      }),
    );

    const newest = expectOk(await api('GET', '/v1/portal/audit-log?limit=3', { token: adminA.token })) as {
      items: EntryView[];
      cursor?: string;
    };
    expect(newest.items.map((entry) => [entry.kind, entry.details['role']])).toEqual([
      ['ROLE_CHANGED', 'MEMBER'],
      ['ROLE_CHANGED', 'ADMINISTRATOR'],
      ['VISIBILITY_CHANGED', undefined],
    ]);
    expect(newest.items[0]).toMatchObject({
      actor: { userId: adminA.userId },
      subject: { userId: memberA.userId },
    });
    expect(newest.cursor).toEqual(expect.any(String));

    // Every page, and each filter, is one Query (DynamoDB Local serves the index and the copies).
    const all = await everyItem<EntryView>(adminA.token, '/v1/portal/audit-log');
    const joined = await everyItem<EntryView>(adminA.token, '/v1/portal/audit-log?kind=MEMBER_JOINED');
    const memberJoined = await everyItem<EntryView>(
      adminA.token,
      `/v1/portal/audit-log?kind=MEMBER_JOINED&person=${memberA.userId}`,
    );
    const aboutMember = await everyItem<EntryView>(
      adminA.token,
      `/v1/portal/audit-log?person=${memberA.userId}`,
    );
    expect(joined.map((entry) => entry.details)).toEqual([
      { via: 'DOMAIN', role: 'MEMBER' },
      { via: 'DOMAIN', role: 'ADMINISTRATOR' },
    ]);
    expect(memberJoined).toEqual([joined[0]]);
    expect(aboutMember.every((entry) => entry.subject?.userId === memberA.userId)).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(aboutMember.length + 2);

    // Members are refused; another organization's administrator reads only their own log.
    expect((await api('GET', '/v1/portal/audit-log', { token: memberA.token })).status).toBe(403);
    const northland = await everyItem<EntryView>(
      adminB.token,
      `/v1/portal/audit-log?person=${memberA.userId}`,
    );
    expect(northland).toEqual([]);

    const operatorToken = await signIn(stack, stack.operator.email, stack.operator.password);
    const asOperator = expectOk(
      await api('GET', '/v1/operator/organizations/org-acme/audit-log?limit=3', { token: operatorToken }),
    );
    expect(asOperator.items).toEqual(newest.items);
    expect(
      (await api('GET', '/v1/operator/organizations/org-nowhere/audit-log', { token: operatorToken })).status,
    ).toBe(404);
  });
});

describe('custom groups', () => {
  it('are private until shared, and only their owner changes them', async () => {
    const [first, second] = await everyItem<ProductView>(memberA.token, '/v1/portal/products');
    if (!first || !second) throw new Error('the demo inventory needs products');
    const created = await api('POST', '/v1/portal/groups', {
      token: memberA.token,
      body: {
        name: 'My two',
        definition: { kind: 'PRODUCTS', serviceTags: [first.serviceTag, second.serviceTag] },
      },
    });
    const groupId = String(expectOk(created, 201).groupId);
    expect((await api('GET', `/v1/portal/groups/${groupId}`, { token: adminA.token })).status).toBe(404);

    expectOk(
      await api('PATCH', `/v1/portal/groups/${groupId}`, {
        token: memberA.token,
        body: { shared: true, name: 'Our two' },
      }),
    );
    const seen = expectOk(await api('GET', `/v1/portal/groups/${groupId}`, { token: adminA.token }));
    expect(seen).toMatchObject({ name: 'Our two', shared: true, mine: false });
    expect((await summaryOf(adminA.token, groupId)).totals.total).toBe(2);
    const foreignEdit = await api('PATCH', `/v1/portal/groups/${groupId}`, {
      token: adminA.token,
      body: { name: 'Taken over' },
    });
    expect(foreignEdit.status).toBe(403);
    expect(foreignEdit.body.type).toBe('/problems/group-owner-only');

    expect((await api('DELETE', `/v1/portal/groups/${groupId}`, { token: memberA.token })).status).toBe(204);
    expect((await api('GET', `/v1/portal/groups/${groupId}`, { token: memberA.token })).status).toBe(404);
  });
});

describe('search and sort', () => {
  const list = async (token: string, query: string) =>
    expectOk(await api('GET', `/v1/portal/products?${query}`, { token })) as {
      items: (ProductView & { model: string; supportEndDate: string })[];
      cursor?: string;
    };
  const tags = (page: { items: ProductView[] }) => page.items.map((product) => product.serviceTag);

  it('finds service tags by prefix or exactly, in any case, in tag order, and only the caller’s own', async () => {
    expect(tags(await list(adminB.token, 'serviceTag=nh-000'))).toEqual(
      B_PRODUCTS.map((product) => product.serviceTag),
    );
    expect(tags(await list(adminB.token, 'serviceTag=nh-0003&match=exact'))).toEqual(['NH-0003']);
    expect(tags(await list(adminB.token, 'serviceTag=nh-000&site=NH-DEPOT'))).toEqual([
      'NH-0002',
      'NH-0004',
      'NH-0006',
    ]);
    expect(tags(await list(adminA.token, 'serviceTag=NH'))).toEqual([]);
  });

  it('finds models by prefix, in any case, combined with the filters', async () => {
    const found = await list(adminB.token, 'model=rt-2');
    expect(tags(found)).toEqual(['NH-0002', 'NH-0004', 'NH-0006']);
    expect(found.items.every((product) => product.model === 'RT-200')).toBe(true);
    expect(tags(await list(adminB.token, 'model=POWEREDGE%20r7&status=ACTIVE&site=NH-HQ'))).toEqual([
      'NH-0001',
      'NH-0003',
      'NH-0005',
    ]);
    expect(tags(await list(adminB.token, 'model=rt&site=NH-HQ'))).toEqual([]);
  });

  it('sorts by support end date both ways, page after page, and by service tag', async () => {
    const ascending = await everyItem<ProductView & { supportEndDate: string }>(
      memberA.token,
      '/v1/portal/products?sort=supportEndDate',
    );
    const expected = [...ascending].sort(
      (a, b) => a.supportEndDate.localeCompare(b.supportEndDate) || a.serviceTag.localeCompare(b.serviceTag),
    );
    expect(ascending).toHaveLength(200);
    expect(ascending.map((product) => product.serviceTag)).toEqual(
      expected.map((product) => product.serviceTag),
    );
    const descending = await everyItem<ProductView>(
      memberA.token,
      '/v1/portal/products?sort=-supportEndDate',
    );
    expect(descending.map((product) => product.serviceTag)).toEqual(
      [...expected].reverse().map((product) => product.serviceTag),
    );
    const firstTwo = await list(adminB.token, 'sort=-supportEndDate&limit=2');
    expect(tags(firstTwo)).toEqual(['NH-0006', 'NH-0005']);
    const next = await list(adminB.token, `sort=-supportEndDate&limit=2&cursor=${firstTwo.cursor}`);
    expect(tags(next)).toEqual(['NH-0004', 'NH-0003']);
    const byTag = await everyItem<ProductView>(memberA.token, '/v1/portal/products?sort=serviceTag');
    expect(byTag.map((product) => product.serviceTag)).toEqual(
      [...byTag.map((product) => product.serviceTag)].sort(),
    );
  });

  it('answers 400 for a search sorted another way than its own, naming sort', async () => {
    const answer = await api('GET', '/v1/portal/products?serviceTag=NH&sort=supportEndDate', {
      token: adminB.token,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ pointer: 'query:/sort', detail: expect.any(String) }]);
  });
});

describe('export', () => {
  it('downloads what the caller sees as CSV (BOM, header, one line per product) and as JSON', async () => {
    const csv = await api('GET', '/v1/portal/exports/products?format=csv&sort=serviceTag', {
      token: adminB.token,
    });
    expect(csv.status).toBe(200);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(
      'Service tag,Model,Family,Site ID,Site,City,Country,Support end date,Support status',
    );
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
      B_PRODUCTS.map((product) => product.serviceTag),
    );

    const json = await api('GET', '/v1/portal/exports/products?format=json&site=NH-HQ', {
      token: adminB.token,
    });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ count: 3 });
    const everyOne = await api('GET', '/v1/portal/exports/products?format=json', { token: memberA.token });
    expect(everyOne.body).toMatchObject({ count: 200 });
    expect(JSON.stringify(everyOne.body)).not.toMatch(/NH-|Northland/);
  });
});

describe('a background export', () => {
  type JobView = {
    exportId: string;
    state: string;
    count?: number;
    failure?: string;
    download?: { url: string; fileName: string; expiresAt: string };
  };

  async function finished(token: string, exportId: string): Promise<JobView> {
    for (let poll = 0; poll < 100; poll += 1) {
      const job = expectOk(await api('GET', `/v1/portal/export-jobs/${exportId}`, { token })) as JobView;
      if (job.state === 'SUCCEEDED' || job.state === 'FAILED') return job;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    throw new Error(`export ${exportId} did not finish`);
  }

  it('writes what the caller sees to S3 and answers a link that downloads it as CSV', async () => {
    const started = await api('POST', '/v1/portal/export-jobs', {
      token: adminB.token,
      body: { format: 'csv', sort: 'serviceTag' },
    });
    const job = expectOk(started, 202) as JobView;
    expect(job.state).toBe('QUEUED');
    expect(started.headers.get('location')).toBe(`/v1/portal/export-jobs/${job.exportId}`);

    const done = await finished(adminB.token, job.exportId);
    expect(done).toMatchObject({ state: 'SUCCEEDED', count: B_PRODUCTS.length });
    expect(done.download?.fileName).toMatch(/^products-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await fetch(done.download!.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${done.download!.fileName}"`);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split('\r\n');
    expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
      B_PRODUCTS.map((product) => product.serviceTag),
    );
  });

  it('writes JSON with the same rows, limited to what a member may see', async () => {
    const job = expectOk(
      await api('POST', '/v1/portal/export-jobs', { token: memberA.token, body: { format: 'json' } }),
      202,
    ) as JobView;
    const done = await finished(memberA.token, job.exportId);
    expect(done).toMatchObject({ state: 'SUCCEEDED', count: 200 });
    const file = (await (await fetch(done.download!.url)).json()) as { count: number; items: unknown[] };
    expect(file.count).toBe(200);
    expect(file.items).toHaveLength(200);
    expect(JSON.stringify(file)).not.toMatch(/NH-|Northland/);
  });

  it("is the owner's alone, and refuses another tenant's site before it starts", async () => {
    const job = expectOk(
      await api('POST', '/v1/portal/export-jobs', { token: adminA.token, body: {} }),
      202,
    ) as JobView;
    expect(
      (await api('GET', `/v1/portal/export-jobs/${job.exportId}`, { token: memberA.token })).status,
    ).toBe(404);
    expect((await api('GET', `/v1/portal/export-jobs/${job.exportId}`, { token: adminB.token })).status).toBe(
      404,
    );
    const foreign = await api('POST', '/v1/portal/export-jobs', {
      token: adminA.token,
      body: { site: B_SITES[0]!.siteId },
    });
    expect(foreign.status).toBe(404);
  });
});
