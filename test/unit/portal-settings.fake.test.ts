import { describe, expect, it } from 'vitest';
import { roleChanged, visibilityChanged } from '../../functions/core/domain/audit-log';
import { DEFAULT_VISIBILITY } from '../../functions/core/domain/portal-visibility';
import {
  ConcurrentUpdateError,
  InvalidCursorError,
  LastAdministratorError,
} from '../../functions/core/ports';
import { anOrganization } from './fixtures';
import { aGroup, anActiveMember } from './portal.fixtures';
import { FakePortalSettings, portalWorld } from './portal-settings.fake';

/** The portal fakes keep the port contracts the use-case tests rely on. */

const ADA = { userId: 'user-ada', email: 'ada@acme.example' };
const BOB = { userId: 'user-bob', email: 'bob@acme.example' };
const AT = new Date('2025-03-03T09:00:00.000Z');
const entry = (from: 'MEMBER' | 'ADMINISTRATOR', to: 'MEMBER' | 'ADMINISTRATOR', subject = BOB) =>
  roleChanged('org-acme', ADA, subject, from, to, AT);

const LAB = { kind: 'FAMILIES' as const, families: ['PowerEdge'] };

describe('FakePortalSettings', () => {
  it('answers the default rules, then saves only over the revision before', async () => {
    const settings = new FakePortalSettings();

    expect(await settings.getVisibility('org-acme')).toEqual(DEFAULT_VISIBILITY);
    const first = { ...DEFAULT_VISIBILITY, sites: [], revision: 1 };
    await settings.saveVisibility('org-acme', first, visibilityChanged('org-acme', ADA, first, AT));
    await expect(
      settings.saveVisibility(
        'org-acme',
        { ...DEFAULT_VISIBILITY, revision: 1 },
        visibilityChanged('org-acme', ADA, first, AT),
      ),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await settings.getVisibility('org-acme')).toMatchObject({ sites: [], revision: 1 });
  });

  it('finds a group for its owner, for the organization once shared, and for nobody else', async () => {
    const settings = new FakePortalSettings();
    const group = aGroup(LAB, { ownerId: 'user-ada' });
    await settings.createGroup(group);

    expect(await settings.getGroup('org-acme', group.groupId, 'user-ada')).toEqual(group);
    expect(await settings.getGroup('org-acme', group.groupId, 'user-bob')).toBeUndefined();
    await settings.saveGroup({ ...group, shared: true, revision: 1 });
    expect(await settings.getGroup('org-acme', group.groupId, 'user-bob')).toMatchObject({ shared: true });
    expect(await settings.getGroup('org-globex', group.groupId, 'user-bob')).toBeUndefined();
    expect(await settings.listGroups('org-acme', 'user-bob')).toHaveLength(1);
  });

  it('refuses a repeated id, a stale save and a stale delete; deleting twice is fine', async () => {
    const settings = new FakePortalSettings();
    const group = aGroup(LAB);
    await settings.createGroup(group);

    await expect(settings.createGroup(group)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await expect(settings.saveGroup({ ...group, revision: 2 })).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await settings.saveGroup({ ...group, revision: 1 });
    await expect(settings.deleteGroup(group)).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await settings.deleteGroup({ ...group, revision: 1 });
    await settings.deleteGroup({ ...group, revision: 1 });
    expect(settings.storedGroups()).toEqual([]);
  });
});

describe('FakeMemberDirectory', () => {
  function world() {
    const portal = portalWorld({ organizations: [anOrganization()] });
    portal.members
      .addMember(anActiveMember({ userId: 'user-ada', role: 'ADMINISTRATOR' }))
      .addMember(anActiveMember({ userId: 'user-bob', email: 'bob@acme.example', role: 'MEMBER' }));
    return portal;
  }

  it('changes the role on the membership and the account, counting administrators', async () => {
    const portal = world();

    await portal.members.changeRole(
      'org-acme',
      'user-bob',
      'MEMBER',
      'ADMINISTRATOR',
      entry('MEMBER', 'ADMINISTRATOR'),
    );

    expect(await portal.members.getMember('org-acme', 'user-bob')).toMatchObject({ role: 'ADMINISTRATOR' });
    expect(portal.accounts.storedAccount('user-bob')).toMatchObject({ role: 'ADMINISTRATOR', revision: 4 });
    expect(portal.organizations.stored('org-acme')?.administratorCount).toBe(2);
  });

  it('never demotes the last administrator, and refuses a change from a role the member no longer has', async () => {
    const portal = world();

    await expect(
      portal.members.changeRole(
        'org-acme',
        'user-ada',
        'ADMINISTRATOR',
        'MEMBER',
        entry('ADMINISTRATOR', 'MEMBER', ADA),
      ),
    ).rejects.toBeInstanceOf(LastAdministratorError);
    await expect(
      portal.members.changeRole(
        'org-acme',
        'user-bob',
        'ADMINISTRATOR',
        'MEMBER',
        entry('ADMINISTRATOR', 'MEMBER'),
      ),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(portal.organizations.stored('org-acme')?.administratorCount).toBe(1);
  });

  it('lists members by userId with cursors valid for their organization only', async () => {
    const portal = world();

    const first = await portal.members.listMembers('org-acme', { limit: 1 });
    const second = await portal.members.listMembers('org-acme', { limit: 1, cursor: first.cursor });

    expect([...first.items, ...second.items].map((member) => member.userId)).toEqual([
      'user-ada',
      'user-bob',
    ]);
    expect(second.cursor).toBeUndefined();
    await expect(
      portal.members.listMembers('org-globex', { limit: 1, cursor: first.cursor }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
