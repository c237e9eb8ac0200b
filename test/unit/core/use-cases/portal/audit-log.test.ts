import { describe, expect, it } from 'vitest';
import { AUDIT_RETENTION_DAYS } from '../../../../../functions/core/domain/audit-log';
import { ForbiddenError, NotFoundError } from '../../../../../functions/core/errors';
import { ConcurrentUpdateError } from '../../../../../functions/core/ports';
import { chooseOrganization } from '../../../../../functions/core/use-cases/choose-organization';
import {
  readAuditLog,
  readOrganizationAuditLog,
} from '../../../../../functions/core/use-cases/portal/audit-log';
import { changeMemberRole } from '../../../../../functions/core/use-cases/portal/members';
import { setVisibility } from '../../../../../functions/core/use-cases/portal/visibility';
import { registerBusiness } from '../../../../../functions/core/use-cases/register-business';
import { aCustomerEmployee, anOrganization, aRegistration, aRegistrationInput } from '../../../fixtures';
import { fakeWorld } from '../../../fakes';
import { acmeWorld, ADMIN, MEMBER } from './acme';

const GRACE = { userId: ADMIN.userId, email: ADMIN.email };
const ADA = { userId: MEMBER.userId, email: MEMBER.email };

describe('the audit log records each change with the change itself', () => {
  it('records a role change: who, whom, from and to', async () => {
    const world = acmeWorld();

    await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR');

    expect(world.auditLog.storedEntries('org-acme')).toEqual([
      {
        entryId: expect.any(String),
        organizationId: 'org-acme',
        kind: 'ROLE_CHANGED',
        at: '2025-03-03T09:00:00.000Z',
        actor: GRACE,
        subject: ADA,
        details: { previousRole: 'MEMBER', role: 'ADMINISTRATOR' },
      },
    ]);
  });

  it('records a visibility change with the rules as saved', async () => {
    const world = acmeWorld();

    await setVisibility(world.portal, world.admin, { sites: ['MUC-1'], families: 'ALL' });

    expect(world.auditLog.storedEntries('org-acme')).toEqual([
      expect.objectContaining({
        kind: 'VISIBILITY_CHANGED',
        actor: GRACE,
        details: { sites: ['MUC-1'], families: 'ALL' },
      }),
    ]);
    expect(world.auditLog.storedEntries('org-acme')[0]).not.toHaveProperty('subject');
  });

  it('records nothing for a change that did not happen (refused, or no change at all)', async () => {
    const world = acmeWorld();
    world.members.failNext('changeRole', new ConcurrentUpdateError('changed'));

    await expect(
      changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR'),
    ).rejects.toMatchObject({ status: 409 });
    await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'MEMBER');
    await expect(changeMemberRole(world.portal, world.admin, ADMIN.userId, 'MEMBER')).rejects.toMatchObject({
      type: 'last-administrator',
    });

    expect(world.auditLog.storedEntries('org-acme')).toEqual([]);
  });

  it('records a join by domain with the role taken, the person as actor and subject', async () => {
    const account = aCustomerEmployee();
    const world = fakeWorld({ organizations: [anOrganization({ administratorCount: 1 })] });
    world.accounts.seedAccount(account);

    await registerBusiness(world.deps, account.userId, aRegistrationInput());

    const person = { userId: account.userId, email: account.email };
    expect(world.accounts.auditLog.storedEntries('org-acme')).toEqual([
      expect.objectContaining({
        kind: 'MEMBER_JOINED',
        actor: person,
        subject: person,
        details: { via: 'DOMAIN', role: 'MEMBER' },
      }),
    ]);
  });

  it('records the first joiner as joining ADMINISTRATOR, and a division choice as such', async () => {
    const first = aCustomerEmployee({ userId: 'user-first', email: 'first@acme.example' });
    const world = fakeWorld({ organizations: [anOrganization()] });
    world.accounts.seedAccount(first);
    await registerBusiness(world.deps, first.userId, aRegistrationInput());
    world.clock.advanceMinutes(1);

    const chooser = aCustomerEmployee({
      userId: 'user-chooser',
      email: 'chooser@acme.example',
      state: 'CHOOSE_ORGANIZATION',
      registration: aRegistration(),
    });
    world.accounts.seedAccount(chooser);
    await chooseOrganization(world.deps, chooser.userId, 'org-acme');

    expect(world.accounts.auditLog.storedEntries('org-acme').map((entry) => entry.details)).toEqual([
      { via: 'DOMAIN', role: 'ADMINISTRATOR' },
      { via: 'DIVISION_CHOICE', role: 'MEMBER' },
    ]);
  });
});

describe('reading the audit log', () => {
  async function worldWithHistory() {
    const world = acmeWorld();
    await setVisibility(world.portal, world.admin, { sites: ['MUC-1'], families: 'ALL' });
    world.clock.advanceMinutes(1);
    await changeMemberRole(world.portal, world.admin, MEMBER.userId, 'ADMINISTRATOR');
    world.clock.advanceMinutes(1);
    await setVisibility(world.portal, world.admin, { sites: 'ALL', families: 'ALL' });
    return world;
  }

  it('answers administrators newest first, page by page', async () => {
    const world = await worldWithHistory();

    const first = await readAuditLog(world.portal, world.admin, { limit: 2 });
    const second = await readAuditLog(world.portal, world.admin, { limit: 2, cursor: first.cursor });

    expect(first.items.map((entry) => entry.kind)).toEqual(['VISIBILITY_CHANGED', 'ROLE_CHANGED']);
    expect(first.cursor).toEqual(expect.any(String));
    expect(second.items.map((entry) => entry.kind)).toEqual(['VISIBILITY_CHANGED']);
    expect(second.items[0]?.details).toEqual({ sites: ['MUC-1'], families: 'ALL' });
    expect(second.cursor).toBeUndefined();
  });

  it('filters by kind and by a person named as actor or subject', async () => {
    const world = await worldWithHistory();

    const roles = await readAuditLog(world.portal, world.admin, { limit: 25, kind: 'ROLE_CHANGED' });
    const ada = await readAuditLog(world.portal, world.admin, { limit: 25, person: MEMBER.userId });
    const grace = await readAuditLog(world.portal, world.admin, { limit: 25, person: ADMIN.userId });
    const graceRoles = await readAuditLog(world.portal, world.admin, {
      limit: 25,
      person: ADMIN.userId,
      kind: 'ROLE_CHANGED',
    });

    expect(roles.items.map((entry) => ('subject' in entry ? entry.subject : undefined))).toEqual([ADA]);
    expect(ada.items.map((entry) => entry.kind)).toEqual(['ROLE_CHANGED']);
    expect(grace.items).toHaveLength(3);
    expect(graceRoles.items).toHaveLength(1);
  });

  it('never answers an entry older than the retention, even before it is deleted', async () => {
    const world = await worldWithHistory();
    world.clock.advanceSeconds(AUDIT_RETENTION_DAYS * 86_400 - 90);

    const page = await readAuditLog(world.portal, world.admin, { limit: 25 });

    expect(page.items.map((entry) => entry.kind)).toEqual(['VISIBILITY_CHANGED', 'ROLE_CHANGED']);
  });

  it('is for administrators only, and refuses a cursor it did not issue', async () => {
    const world = await worldWithHistory();

    await expect(readAuditLog(world.portal, world.member, { limit: 25 })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      readAuditLog(world.portal, world.admin, { limit: 25, cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toMatchObject({ status: 400, extensions: { errors: [{ pointer: 'query:/cursor' }] } });
  });

  it("is one organization's: another tenant's log is empty to Acme, and operators read any by id", async () => {
    const world = await worldWithHistory();

    const operator = await readOrganizationAuditLog(world.portal, 'org-acme', { limit: 25 });
    const globex = await readOrganizationAuditLog(world.portal, 'org-globex', { limit: 25 });

    expect(operator.items).toHaveLength(3);
    expect(globex.items).toEqual([]);
    await expect(readOrganizationAuditLog(world.portal, 'org-nowhere', { limit: 25 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
