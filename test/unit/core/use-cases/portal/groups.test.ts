import { describe, expect, it } from 'vitest';
import { MAX_GROUPS_PER_MEMBER } from '../../../../../functions/core/domain/product-group';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../../functions/core/ports';
import {
  createGroup,
  deleteGroup,
  earlyGroupListReads,
  earlyGroupReadsOf,
  getGroup,
  listGroups,
  updateGroup,
} from '../../../../../functions/core/use-cases/portal/groups';
import { readAsPortalMember } from '../../../../../functions/core/use-cases/portal-access';
import { aGroup } from '../../../portal.fixtures';
import { acmeWorld, ADMIN, heldAccess, MEMBER, settled } from './acme';

const LAB = {
  name: 'Lab servers',
  shared: false,
  definition: { kind: 'FAMILIES' as const, families: ['PowerEdge'] },
};

describe('createGroup', () => {
  it('stores a private group with a random URL-safe id, owned by the caller', async () => {
    const world = acmeWorld();

    const created = await createGroup(world.portal, world.member, LAB);

    expect(created).toEqual({
      groupId: expect.stringMatching(/^[A-Za-z0-9_-]{16,}$/),
      name: 'Lab servers',
      kind: 'FAMILIES',
      shared: false,
      mine: true,
      definition: { kind: 'FAMILIES', families: ['PowerEdge'] },
      createdAt: '2025-03-03T09:00:00.000Z',
      updatedAt: '2025-03-03T09:00:00.000Z',
    });
    expect(world.settings.storedGroups()).toEqual([
      expect.objectContaining({
        groupId: created.groupId,
        organizationId: 'org-acme',
        ownerId: MEMBER.userId,
        revision: 0,
      }),
    ]);
  });

  it('gives every group its own id', async () => {
    const world = acmeWorld();

    const a = await createGroup(world.portal, world.member, LAB);
    const b = await createGroup(world.portal, world.member, LAB);

    expect(a.groupId).not.toBe(b.groupId);
  });

  it('answers 400 naming every product the owner cannot see, unknown or invisible alike', async () => {
    const world = acmeWorld();
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const attempt = createGroup(world.portal, world.member, {
      ...LAB,
      definition: { kind: 'PRODUCTS', serviceTags: ['MUC-PE-1', 'BER-PE-1', 'GLX-TAB-1', 'NOPE-1'] },
    });

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    const error = (await attempt.catch((caught: unknown) => caught)) as ValidationError;
    expect(error.extensions['errors']).toEqual(
      [1, 2, 3].map((index) => ({
        pointer: `/definition/serviceTags/${index}`,
        detail: 'is not a product you can see',
      })),
    );
    expect(world.settings.storedGroups()).toEqual([]);
  });

  it("answers 400 for another tenant's family or site", async () => {
    const world = acmeWorld();

    for (const definition of [
      { kind: 'FAMILIES' as const, families: ['Rugged Tablet'] },
      { kind: 'FAMILIES_AT_SITES' as const, families: ['PowerEdge'], sites: ['GLX-1'] },
    ]) {
      await expect(createGroup(world.portal, world.admin, { ...LAB, definition })).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });

  it(`answers 409 group-limit-reached at ${MAX_GROUPS_PER_MEMBER} groups, counting only the caller's own`, async () => {
    const world = acmeWorld();
    for (let index = 0; index < MAX_GROUPS_PER_MEMBER; index += 1) {
      world.settings.seedGroup(
        aGroup(LAB.definition, {
          groupId: `grp-mine-${String(index).padStart(8, '0')}`,
          ownerId: MEMBER.userId,
        }),
      );
    }
    world.settings.seedGroup(
      aGroup(LAB.definition, { groupId: 'grp-shared-0000001', ownerId: ADMIN.userId, shared: true }),
    );

    const attempt = createGroup(world.portal, world.member, LAB);

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, type: 'group-limit-reached' });
    // The limit is answered first even though the entries are read beside the count.
    await expect(
      createGroup(world.portal, world.member, {
        ...LAB,
        definition: { kind: 'PRODUCTS', serviceTags: ['NO-SUCH-TAG'] },
      }),
    ).rejects.toMatchObject({ status: 409, type: 'group-limit-reached' });
    expect(await createGroup(world.portal, world.admin, LAB)).toMatchObject({ mine: true });
  });
});

describe('group writes and the organization’s status', () => {
  /** An admission that records when it was awaited, refusing like a deactivated organization if asked to. */
  function admission(steps: string[], refuse = false) {
    return async () => {
      steps.push('admitted');
      if (refuse) throw new ForbiddenError('organization-deactivated', 'deactivated');
    };
  }

  it('writes nothing before the status check passes, and after its reads', async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);
    const steps: string[] = [];

    await expect(createGroup(world.portal, world.member, LAB, admission(steps, true))).rejects.toMatchObject({
      type: 'organization-deactivated',
    });
    await expect(
      updateGroup(world.portal, world.member, group.groupId, { name: 'X' }, admission(steps, true)),
    ).rejects.toMatchObject({ type: 'organization-deactivated' });
    await expect(
      deleteGroup(world.portal, world.member, group.groupId, admission(steps, true)),
    ).rejects.toMatchObject({ type: 'organization-deactivated' });

    expect(steps).toEqual(['admitted', 'admitted', 'admitted']);
    expect(world.settings.storedGroups()).toEqual([group]);
  });

  it('answers an unknown group, then another owner, before a new definition’s entries', async () => {
    const world = acmeWorld();
    const theirs = aGroup(LAB.definition, { ownerId: ADMIN.userId, shared: true });
    world.settings.seedGroup(theirs);
    const hidden = { definition: { kind: 'PRODUCTS' as const, serviceTags: ['NO-SUCH-TAG'] } };

    await expect(
      updateGroup(world.portal, world.member, 'grp-unknown-000001', hidden),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateGroup(world.portal, world.member, theirs.groupId, hidden)).rejects.toMatchObject({
      type: 'group-owner-only',
    });
  });
});

describe('getGroup and listGroups', () => {
  it('show a shared group to the organization, with only the entries each viewer can see', async () => {
    const world = acmeWorld();
    const shared = aGroup(
      { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge', 'Latitude'], sites: ['MUC-1', 'BER-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(shared);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: ['PowerEdge'] });

    const seenByMember = await getGroup(world.portal, world.member, shared.groupId);
    const seenByOwner = await getGroup(world.portal, world.admin, shared.groupId);

    expect(seenByMember).toMatchObject({
      mine: false,
      shared: true,
      definition: { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge'], sites: ['MUC-1'] },
    });
    expect(seenByOwner).toMatchObject({ mine: true, definition: shared.definition });
    expect((await listGroups(world.portal, world.member)).items).toEqual([seenByMember]);
  });

  it('show only the listed products a viewer can see', async () => {
    const world = acmeWorld();
    const picked = aGroup(
      { kind: 'PRODUCTS', serviceTags: ['BER-PE-1', 'MUC-PE-1', 'LYO-PR-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(picked);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1', 'LYO-1'], families: 'ALL' });

    const group = await getGroup(world.portal, world.member, picked.groupId);

    expect(group.definition).toEqual({ kind: 'PRODUCTS', serviceTags: ['MUC-PE-1', 'LYO-PR-1'] });
  });

  it("read a restricted member's PRODUCTS group products beside the groups, on the tags named last", async () => {
    const world = acmeWorld();
    const picked = aGroup(
      { kind: 'PRODUCTS', serviceTags: ['BER-PE-1', 'MUC-PE-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(picked);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const productReads = () => world.inventory.calls.filter((call) => call === 'getProducts').length;
    await listGroups(world.portal, world.member);
    await getGroup(world.portal, world.member, picked.groupId);
    world.inventory.calls.length = 0;

    // The tags and rules are remembered: the products are read once, at the start.
    const listed = await listGroups(world.portal, world.member);
    const one = await getGroup(world.portal, world.member, picked.groupId);
    expect(listed.items[0]?.definition).toEqual({ kind: 'PRODUCTS', serviceTags: ['MUC-PE-1'] });
    expect(one.definition).toEqual({ kind: 'PRODUCTS', serviceTags: ['MUC-PE-1'] });
    expect(productReads()).toBe(2);
    expect(world.inventory.calls[0]).toBe('getProducts');

    // The group gained a product the guess did not read: read again, never answered from the guess.
    world.settings.seedGroup({
      ...picked,
      revision: picked.revision + 1,
      definition: { kind: 'PRODUCTS', serviceTags: ['BER-PE-1', 'MUC-PE-1', 'MUC-PE-2'] },
    });
    world.inventory.calls.length = 0;
    const changed = await listGroups(world.portal, world.member);
    expect(changed.items[0]?.definition).toEqual({
      kind: 'PRODUCTS',
      serviceTags: ['MUC-PE-1', 'MUC-PE-2'],
    });
    expect(productReads()).toBe(2);
  });

  it('read the rules and groups beside the account when the token names the organization, then the products', async () => {
    const world = acmeWorld();
    const picked = aGroup(
      { kind: 'PRODUCTS', serviceTags: ['BER-PE-1', 'MUC-PE-1'] },
      { ownerId: ADMIN.userId, shared: true },
    );
    world.settings.seedGroup(picked);
    world.settings.seedVisibility('org-acme', { sites: ['MUC-1'], families: 'ALL' });
    const caller = { userId: MEMBER.userId, organizationHint: 'org-acme' };

    const list = heldAccess(world);
    const listed = readAsPortalMember(
      list.access,
      caller,
      (member, early) => listGroups(world.portal, member, early),
      earlyGroupListReads(world.portal, MEMBER.userId),
    );
    await settled();
    expect(world.settings.calls).toEqual(['getVisibility', 'listGroups']);
    expect(world.inventory.calls).toEqual([]);
    list.release();
    expect((await listed).items[0]?.definition).toEqual({ kind: 'PRODUCTS', serviceTags: ['MUC-PE-1'] });
    expect(world.inventory.calls).toEqual(['getProducts']);

    world.settings.calls.length = 0;
    world.inventory.calls.length = 0;
    const one = heldAccess(world);
    const got = readAsPortalMember(
      one.access,
      caller,
      (member, early) => getGroup(world.portal, member, picked.groupId, early),
      earlyGroupReadsOf(world.portal, MEMBER.userId, picked.groupId),
    );
    await settled();
    expect(world.settings.calls).toEqual(['getVisibility', 'getGroup']);
    one.release();
    expect((await got).definition).toEqual({ kind: 'PRODUCTS', serviceTags: ['MUC-PE-1'] });
    expect(world.inventory.calls).toEqual(['getProducts']);
    expect(world.settings.calls).toEqual(['getVisibility', 'getGroup']);
  });

  it("answer 404 for another member's private group read early, as when read after the account", async () => {
    const world = acmeWorld();
    const theirs = aGroup({ kind: 'FAMILIES', families: ['PowerEdge'] }, { ownerId: ADMIN.userId });
    world.settings.seedGroup(theirs);
    const { access, release } = heldAccess(world);

    const got = readAsPortalMember(
      access,
      { userId: MEMBER.userId, organizationHint: 'org-acme' },
      (member, early) => getGroup(world.portal, member, theirs.groupId, early),
      earlyGroupReadsOf(world.portal, MEMBER.userId, theirs.groupId),
    );
    release();

    await expect(got).rejects.toBeInstanceOf(NotFoundError);
  });

  it("list the caller's own and the shared groups by name, never others' private ones", async () => {
    const world = acmeWorld();
    world.settings
      .seedGroup(
        aGroup(LAB.definition, { groupId: 'grp-zulu-000000001', name: 'Zulu', ownerId: MEMBER.userId }),
      )
      .seedGroup(
        aGroup(LAB.definition, {
          groupId: 'grp-alpha-00000001',
          name: 'Alpha',
          ownerId: ADMIN.userId,
          shared: true,
        }),
      )
      .seedGroup(
        aGroup(LAB.definition, { groupId: 'grp-hidden-0000001', name: 'Hidden', ownerId: ADMIN.userId }),
      );

    const { items } = await listGroups(world.portal, world.member);

    expect(items.map((group) => [group.name, group.mine])).toEqual([
      ['Alpha', false],
      ['Zulu', true],
    ]);
  });

  it("answer 404 for another member's private group and another tenant's shared one", async () => {
    const world = acmeWorld();
    world.settings
      .seedGroup(aGroup(LAB.definition, { groupId: 'grp-hidden-0000001', ownerId: ADMIN.userId }))
      .seedGroup(
        aGroup(LAB.definition, {
          groupId: 'grp-globex-0000001',
          organizationId: 'org-globex',
          ownerId: 'user-globex',
          shared: true,
        }),
      );

    for (const groupId of ['grp-hidden-0000001', 'grp-globex-0000001']) {
      await expect(getGroup(world.portal, world.member, groupId)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe('updateGroup', () => {
  it('renames and shares the group, one revision on', async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);
    world.clock.advanceMinutes(5);

    const updated = await updateGroup(world.portal, world.member, group.groupId, {
      name: 'Our servers',
      shared: true,
    });

    expect(updated).toMatchObject({
      name: 'Our servers',
      shared: true,
      updatedAt: '2025-03-03T09:05:00.000Z',
    });
    expect(world.settings.storedGroups()).toEqual([
      expect.objectContaining({ name: 'Our servers', shared: true, revision: 1, createdAt: group.createdAt }),
    ]);
    expect(await getGroup(world.portal, world.admin, group.groupId)).toMatchObject({ mine: false });
  });

  it('checks a new definition as on creation', async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);

    await expect(
      updateGroup(world.portal, world.member, group.groupId, {
        definition: { kind: 'FAMILIES_AT_SITES', families: ['PowerEdge'], sites: ['MUC-1', 'GLX-1'] },
      }),
    ).rejects.toMatchObject({
      status: 400,
      extensions: { errors: [{ pointer: '/definition/sites/1', detail: 'is not a site you can see' }] },
    });
  });

  it("answers 403 group-owner-only for someone else's shared group, and leaves it as it was", async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: ADMIN.userId, shared: true });
    world.settings.seedGroup(group);

    const attempt = updateGroup(world.portal, world.member, group.groupId, { name: 'Mine now' });

    await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
    await expect(attempt).rejects.toMatchObject({ type: 'group-owner-only' });
    expect(world.settings.storedGroups()).toEqual([group]);
  });

  it('answers 409 when the group changed meanwhile', async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);
    world.settings.failNext('saveGroup', new ConcurrentUpdateError('changed'));

    await expect(
      updateGroup(world.portal, world.member, group.groupId, { name: 'Again' }),
    ).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
  });
});

describe('deleteGroup', () => {
  it("deletes the caller's group", async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: MEMBER.userId });
    world.settings.seedGroup(group);

    await deleteGroup(world.portal, world.member, group.groupId);

    expect(world.settings.storedGroups()).toEqual([]);
    await expect(getGroup(world.portal, world.member, group.groupId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to delete someone else's shared group, and 404s an unknown one", async () => {
    const world = acmeWorld();
    const group = aGroup(LAB.definition, { ownerId: ADMIN.userId, shared: true });
    world.settings.seedGroup(group);

    await expect(deleteGroup(world.portal, world.member, group.groupId)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(deleteGroup(world.portal, world.member, 'grp-unknown-000001')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(world.settings.storedGroups()).toHaveLength(1);
  });
});
