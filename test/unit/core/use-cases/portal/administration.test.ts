import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../../functions/core/ports';
import { changeMemberRole, listMembers } from '../../../../../functions/core/use-cases/portal/members';
import { getVisibility, setVisibility } from '../../../../../functions/core/use-cases/portal/visibility';
import { anActiveMember } from '../../../portal.fixtures';
import { acmeWorld, ADMIN, MEMBER, reloaded } from './acme';

describe('visibility rules', () => {
  it('are everything by default', async () => {
    const world = acmeWorld();

    expect(await getVisibility(world.portal, world.admin)).toEqual({
      sites: 'ALL',
      families: 'ALL',
      revision: 0,
    });
  });

  it('are saved with who and when, and a member sees by them at once', async () => {
    const world = acmeWorld();

    const saved = await setVisibility(world.portal, world.admin, { sites: ['MUC-1'], families: 'ALL' });

    expect(saved).toEqual({
      sites: ['MUC-1'],
      families: 'ALL',
      updatedAt: '2025-03-03T09:00:00.000Z',
      updatedBy: ADMIN.userId,
      revision: 1,
    });
    expect(world.settings.storedVisibility('org-acme')).toEqual(saved);
    expect(await getVisibility(world.portal, world.admin)).toEqual(saved);
  });

  it("answer 400 naming a site or family the organization does not have (another tenant's included)", async () => {
    const world = acmeWorld();

    await expect(
      setVisibility(world.portal, world.admin, { sites: ['MUC-1', 'GLX-1'], families: ['Rugged Tablet'] }),
    ).rejects.toMatchObject({
      status: 400,
      extensions: {
        errors: [
          { pointer: '/sites/1', detail: 'is not a site of your organization' },
          { pointer: '/families/0', detail: 'is not a product family of your organization' },
        ],
      },
    });
    expect(world.settings.storedVisibility('org-acme')).toBeUndefined();
  });

  it('answer 409 when changed meanwhile', async () => {
    const world = acmeWorld();
    world.settings.failNext('saveVisibility', new ConcurrentUpdateError('changed'));

    await expect(
      setVisibility(world.portal, world.admin, { sites: 'ALL', families: 'ALL' }),
    ).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
  });

  it('are for administrators only', async () => {
    const world = acmeWorld();

    for (const attempt of [
      getVisibility(world.portal, world.member),
      setVisibility(world.portal, world.member, { sites: 'ALL', families: 'ALL' }),
    ]) {
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toMatchObject({ status: 403, type: 'administrators-only' });
    }
  });
});

describe('members', () => {
  it('are listed by page for an administrator', async () => {
    const world = acmeWorld();

    const first = await listMembers(world.portal, world.admin, { limit: 1 });
    const second = await listMembers(world.portal, world.admin, { limit: 1, cursor: first.cursor });

    expect(first.items).toEqual([
      {
        userId: MEMBER.userId,
        email: 'ada@acme.example',
        firstName: 'Ada',
        lastName: 'Lovelace',
        role: 'MEMBER',
        joinedAt: MEMBER.updatedAt,
      },
    ]);
    expect(second.items.map((member) => [member.userId, member.role])).toEqual([
      [ADMIN.userId, 'ADMINISTRATOR'],
    ]);
    expect(second.cursor).toBeUndefined();
  });

  it('are for administrators only', async () => {
    const world = acmeWorld();

    await expect(listMembers(world.portal, world.member, { limit: 10 })).rejects.toMatchObject({
      status: 403,
      type: 'administrators-only',
    });
    await expect(
      changeMemberRole(world.portal, world.member, MEMBER.userId, 'ADMINISTRATOR'),
    ).rejects.toMatchObject({ status: 403, type: 'administrators-only' });
  });

  it('are promoted and demoted, and a demoted administrator loses the rights at once', async () => {
    const world = acmeWorld();

    const promoted = await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR');
    expect(promoted).toMatchObject({ userId: MEMBER.userId, role: 'ADMINISTRATOR' });
    expect(await getVisibility(world.portal, reloaded(world, MEMBER))).toMatchObject({ revision: 0 });
    expect(world.organizations.stored('org-acme')?.administratorCount).toBe(2);

    await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'MEMBER');

    await expect(getVisibility(world.portal, reloaded(world, MEMBER))).rejects.toBeInstanceOf(ForbiddenError);
    expect(world.accounts.storedAccount(MEMBER.userId)?.role).toBe('MEMBER');
    expect(world.organizations.stored('org-acme')?.administratorCount).toBe(1);
  });

  it('keep the last administrator: 409 last-administrator', async () => {
    const world = acmeWorld();

    const attempt = changeMemberRole(world.portal, world.admin, ADMIN.userId, 'MEMBER');

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ status: 409, type: 'last-administrator' });
    expect(world.accounts.storedAccount(ADMIN.userId)?.role).toBe('ADMINISTRATOR');
  });

  it('let an administrator step down once another one exists', async () => {
    const world = acmeWorld();
    await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR');

    expect(await changeMemberRole(world.portal, world.admin, ADMIN.userId, 'MEMBER')).toMatchObject({
      role: 'MEMBER',
    });
  });

  it('change nothing when the member has the role already', async () => {
    const world = acmeWorld();

    expect(await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'MEMBER')).toMatchObject({
      role: 'MEMBER',
    });
    expect(world.accounts.storedAccount(MEMBER.userId)?.revision).toBe(MEMBER.revision);
  });

  it("answer 404 for someone who is not a member of the caller's organization", async () => {
    const world = acmeWorld();
    world.members.addMember(anActiveMember({ userId: 'user-globex', organizationId: 'org-globex' }));

    for (const userId of ['user-globex', 'user-nobody']) {
      await expect(
        changeMemberRole(world.portal, world.admin, userId, 'ADMINISTRATOR'),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it('answer 409 concurrent-update when the member changed meanwhile', async () => {
    const world = acmeWorld();
    world.members.failNext('changeRole', new ConcurrentUpdateError('changed'));

    await expect(
      changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR'),
    ).rejects.toMatchObject({ status: 409, type: 'concurrent-update' });
  });
});
