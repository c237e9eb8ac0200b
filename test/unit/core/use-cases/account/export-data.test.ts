import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { exportDataAnswers } from '../../../../../functions/account/export-data.route';
import { exportMyData } from '../../../../../functions/core/use-cases/account/export-data';
import { aWaitingRequester, anOrganization, anOrganizationRequest } from '../../../fixtures';
import { aGroup, anActiveMember } from '../../../portal.fixtures';
import { FakePersonalDataReader, portalWorld } from '../../../portal-settings.fake';

function exportDeps(world: ReturnType<typeof portalWorld>) {
  return {
    accounts: world.accounts,
    personalData: new FakePersonalDataReader(world, world.settings, world.members),
    clock: world.clock,
  };
}

describe('exportMyData', () => {
  it("holds the caller's account, membership and own groups, and nothing of a colleague", async () => {
    const world = portalWorld({ organizations: [anOrganization()] });
    const ada = anActiveMember({ userId: 'user-ada', role: 'ADMINISTRATOR', ownsAddressItem: true });
    const bob = anActiveMember({ userId: 'user-bob', email: 'bob@acme.example', firstName: 'Bob' });
    world.members.addMember(ada).addMember(bob);
    world.settings
      .seedGroup(aGroup({ kind: 'FAMILIES', families: ['PowerEdge'] }, { ownerId: 'user-ada', name: 'Mine' }))
      .seedGroup(
        aGroup(
          { kind: 'FAMILIES', families: ['PowerEdge'] },
          { groupId: 'grp-0000000000000002', ownerId: 'user-bob', name: 'Bobs shared', shared: true },
        ),
      );

    const document = await exportMyData(exportDeps(world), { userId: 'user-ada' });

    expect(document.account).toMatchObject({ userId: 'user-ada', email: 'ada@acme.example' });
    expect(document.account).not.toHaveProperty('revision');
    expect(document.account).not.toHaveProperty('ownsAddressItem');
    expect(document.membership).toMatchObject({ organizationId: 'org-acme', role: 'ADMINISTRATOR' });
    expect(document.groups.map((group) => group.name)).toEqual(['Mine']);
    expect(JSON.stringify(document)).not.toMatch(/user-bob|bob@acme|Bobs shared/);
    expect(z.safeParse(exportDataAnswers()[200], document).success).toBe(true);
  });

  it('shows only their own part of an organization request: no other requester, no operator', async () => {
    const world = portalWorld();
    const request = anOrganizationRequest({
      requestId: 'req-1',
      requesters: [
        {
          userId: 'user-ada',
          email: 'ada@acme.example',
          firstName: 'Ada',
          lastName: 'Lovelace',
          requestedAt: '2025-03-03T09:00:00.000Z',
        },
        {
          userId: 'user-eve',
          email: 'eve@acme.example',
          firstName: 'Eve',
          lastName: 'Other',
          requestedAt: '2025-03-03T10:00:00.000Z',
        },
      ],
    });
    world.requests.seedRequest(request);
    world.accounts.seedAccount(aWaitingRequester('req-1'));

    const document = await exportMyData(exportDeps(world), { userId: 'user-ada' });

    expect(document.organizationRequest).toMatchObject({
      requestId: 'req-1',
      requestedAt: '2025-03-03T09:00:00.000Z',
      otherRequesters: 1,
    });
    expect(JSON.stringify(document)).not.toMatch(/user-eve|eve@acme|Other/);
  });

  it('answers 404 for a user without an account (an operator)', async () => {
    const world = portalWorld();

    await expect(exportMyData(exportDeps(world), { userId: 'user-grace' })).rejects.toMatchObject({
      status: 404,
    });
  });
});
