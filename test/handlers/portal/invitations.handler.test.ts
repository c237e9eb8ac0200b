import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import type { Account } from '../../../functions/core/domain/account';
import { hashInvitationToken, type Invitation } from '../../../functions/core/domain/invitation';
import { handler as acceptInvitation } from '../../../functions/me/accept-invitation.handler';
import { handler as createInvitations } from '../../../functions/portal/create-invitations.handler';
import { handler as listInvitations } from '../../../functions/portal/list-invitations.handler';
import { handler as resendInvitation } from '../../../functions/portal/resend-invitation.handler';
import { handler as revokeInvitation } from '../../../functions/portal/revoke-invitation.handler';
import { routes } from '../../../functions/routes';
import { dynamo, givenNoSuppressions, items, resetAws, scalarsIn, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf, type EventOptions } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';
const INVITATION_ID = 'q7Lr2cX9vKp4TnB8sWm1Za';
const TOKEN = 'mC4x0P9qRz7TtLwY2bVn8KdA1sEf6GhJ3kUo5iQy-_w';
const HOUR_MS = 3_600_000;

const organization = storedOrganization({ administratorCount: 1, memberCount: 3 });

function anInvitation(overrides: Partial<Invitation> = {}): Invitation {
  const sent = Date.now() - 2 * HOUR_MS;
  return {
    organizationId: ORG,
    invitationId: INVITATION_ID,
    email: 'jonas@acme.example',
    role: 'MEMBER',
    allowOutsideDomain: false,
    tokenHash: hashInvitationToken(TOKEN),
    invitedBy: { userId: 'admin-1', email: 'grace@acme.example' },
    invitedAt: new Date(sent).toISOString(),
    expiresAt: new Date(sent + 7 * 24 * HOUR_MS).toISOString(),
    sentAt: [sent],
    ...overrides,
  };
}

const invitationItem = (invitation: Invitation) => ({
  ...keys.invitation(invitation.organizationId, invitation.invitationId),
  entity: 'INVITATION',
  ...invitation,
  expiresAtEpoch: 0,
});

function signedInAs(account: Account): void {
  dynamo.on(GetCommand, { Key: keys.user(account.userId) }).resolves({ Item: items.account(account) });
  dynamo.on(GetCommand, { Key: keys.organization(ORG) }).resolves({ Item: items.organization(organization) });
}

function signedIn(role: 'MEMBER' | 'ADMINISTRATOR'): void {
  signedInAs(
    storedAccount({
      state: 'ACTIVE',
      accessType: 'CUSTOMER_EMPLOYEE',
      organizationId: ORG,
      organizationName: 'Acme Industries',
      role,
      locale: 'fr',
    }),
  );
}

function call(
  run: typeof listInvitations,
  route: (typeof routes)[keyof typeof routes],
  options: EventOptions = {},
) {
  return run(apiEvent(route, { claims: ADA_CLAIMS, ...options }), lambdaContext(`portico-${route.id}`));
}

const cancelled = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
  });

/** Reads of the organization's item: the profile a write reads is its status check too (one read, not two). */
const organizationReads = () =>
  dynamo
    .commandCalls(GetCommand)
    .filter((c) => JSON.stringify(c.args[0].input.Key) === JSON.stringify(keys.organization(ORG))).length;

const sentEmails = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
const transactions = () =>
  dynamo.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);

beforeEach(() => {
  resetAws();
  givenNoSuppressions();
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(TransactWriteCommand).resolves({});
});

describe('POST /v1/portal/invitations', () => {
  it('invites a colleague and a contractor (explicitly): one transaction, hashed tokens, audit entries, emails', async () => {
    signedIn('ADMINISTRATOR');

    const response = await call(createInvitations, routes.createInvitations, {
      body: {
        invitations: [
          { email: 'Jonas@Acme.example', role: 'MEMBER' },
          { email: 'sam@contractor.example', role: 'ADMINISTRATOR', allowOutsideDomain: true },
        ],
      },
    });

    expect(response.statusCode).toBe(201);
    const body = jsonBody(response) as { items: { email: string; role: string; invitationId: string }[] };
    expect(body.items.map(({ email, role }) => ({ email, role }))).toEqual([
      { email: 'jonas@acme.example', role: 'MEMBER' },
      { email: 'sam@contractor.example', role: 'ADMINISTRATOR' },
    ]);
    const [transaction, ...others] = transactions();
    expect(others).toEqual([]);
    expect(organizationReads()).toBe(1);
    const puts = (transaction ?? []).map((item) => item.Put);
    expect(puts[0]).toMatchObject({
      TableName: TABLE,
      Item: { pk: `ORG#${ORG}`, sk: `INVITE#${body.items[0]?.invitationId}`, email: 'jonas@acme.example' },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
    });
    expect(puts[1]?.Item?.['pk']).toMatch(/^INVITATION#[0-9a-f]{64}$/);
    const entries = puts.filter((put) => put?.Item?.['pk'] === `AUDIT#${ORG}`).map((put) => put?.Item);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: 'MEMBER_INVITED',
        details: expect.objectContaining({ role: 'MEMBER' }),
      }),
      expect.objectContaining({
        kind: 'MEMBER_INVITED',
        details: expect.objectContaining({ allowOutsideDomain: true, role: 'ADMINISTRATOR' }),
      }),
    ]);
    // Each invitee gets a single-use link in the inviting administrator's language; the table never sees it.
    const emails = sentEmails();
    expect(emails.map((email) => email.Destination?.ToAddresses)).toEqual([
      ['jonas@acme.example'],
      ['sam@contractor.example'],
    ]);
    const text = emails[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    const token = /invitation\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
    expect(token).toHaveLength(43);
    expect(emails[0]?.Content?.Simple?.Subject?.Data).toContain('Acme Industries');
    expect(text).toContain('Bonjour');
    const written = scalarsIn(transaction);
    expect(written).not.toContain(token);
    expect(written).toContain(`INVITATION#${hashInvitationToken(token)}`);
  });

  it('refuses webmail, and an address outside the domains without allowOutsideDomain, with pointers; writes nothing', async () => {
    signedIn('ADMINISTRATOR');

    const response = await call(createInvitations, routes.createInvitations, {
      body: {
        invitations: [
          { email: 'fine@acme.example', role: 'MEMBER' },
          { email: 'someone@gmail.com', role: 'MEMBER', allowOutsideDomain: true },
          { email: 'sam@contractor.example', role: 'MEMBER' },
        ],
      },
    });

    const problem = problemOf(response, 400);
    expect(problem.type).toBe('/problems/validation-error');
    expect(problem['errors']).toEqual([
      expect.objectContaining({ pointer: '/invitations/1/email' }),
      expect.objectContaining({ pointer: '/invitations/2/email' }),
    ]);
    expect(transactions()).toEqual([]);
    expect(sentEmails()).toEqual([]);
  });

  it('refuses an address with a live invitation (resend it instead)', async () => {
    signedIn('ADMINISTRATOR');
    dynamo.on(QueryCommand).resolves({ Items: [invitationItem(anInvitation())] });

    const response = await call(createInvitations, routes.createInvitations, {
      body: { invitations: [{ email: 'jonas@acme.example', role: 'MEMBER' }] },
    });

    expect(problemOf(response, 400)['errors']).toEqual([
      expect.objectContaining({ pointer: '/invitations/0/email', detail: expect.stringMatching(/resend/) }),
    ]);
  });

  it('answers 409 concurrent-update when another administrator invited the address meanwhile', async () => {
    signedIn('ADMINISTRATOR');
    dynamo.on(TransactWriteCommand).rejects(cancelled());

    const response = await call(createInvitations, routes.createInvitations, {
      body: { invitations: [{ email: 'jonas@acme.example', role: 'MEMBER' }] },
    });

    expect(problemOf(response, 409).type).toBe('/problems/concurrent-update');
    expect(sentEmails()).toEqual([]);
  });

  it('answers 403 administrators-only to a member, writing nothing', async () => {
    signedIn('MEMBER');

    const response = await call(createInvitations, routes.createInvitations, {
      body: { invitations: [{ email: 'jonas@acme.example', role: 'MEMBER' }] },
    });

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(transactions()).toEqual([]);
  });
});

describe('GET /v1/portal/invitations', () => {
  it('answers the pending ones oldest first, without tokens, from one Query of the INVITE# range', async () => {
    signedIn('ADMINISTRATOR');
    const older = anInvitation({ invitationId: 'A'.repeat(22), email: 'older@acme.example' });
    const newer = anInvitation({ invitedAt: new Date().toISOString() });
    const expired = anInvitation({
      invitationId: 'B'.repeat(22),
      email: 'late@acme.example',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    dynamo.on(QueryCommand).resolves({ Items: [newer, expired, older].map(invitationItem) });

    const response = await call(listInvitations, routes.listInvitations);

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response) as { items: Record<string, unknown>[] };
    expect(body.items.map((item) => item['email'])).toEqual(['older@acme.example', 'jonas@acme.example']);
    expect(JSON.stringify(body)).not.toContain(older.tokenHash);
    const queries = dynamo.commandCalls(QueryCommand);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({ ':pk': `ORG#${ORG}` });
    expect(String(queries[0]?.args[0].input.ExpressionAttributeValues?.[':low'])).toMatch(/^INVITE#/);
  });

  it('answers 403 administrators-only to a member', async () => {
    signedIn('MEMBER');

    const response = await call(listInvitations, routes.listInvitations);

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.commandCalls(QueryCommand)).toEqual([]);
  });
});

describe('POST /v1/portal/invitations/{invitationId}/resend', () => {
  it('sends a new link (the previous token replaced in one transaction) with a new expiry', async () => {
    signedIn('ADMINISTRATOR');
    const invitation = anInvitation();
    dynamo
      .on(GetCommand, { Key: keys.invitation(ORG, INVITATION_ID) })
      .resolves({ Item: invitationItem(invitation) });

    const response = await call(resendInvitation, routes.resendInvitation, {
      pathParameters: { invitationId: INVITATION_ID },
    });

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response) as { expiresAt: string };
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.parse(invitation.expiresAt));
    const [transaction] = transactions();
    expect(transaction?.[0]?.Put).toMatchObject({
      ConditionExpression: 'tokenHash = :previous',
      ExpressionAttributeValues: { ':previous': invitation.tokenHash },
    });
    expect(transaction?.[1]?.Delete?.Key).toEqual(keys.invitationToken(invitation.tokenHash));
    const newHash = String(transaction?.[0]?.Put?.Item?.['tokenHash']);
    expect(newHash).not.toBe(invitation.tokenHash);
    expect(transaction?.[2]?.Put?.Item).toMatchObject(keys.invitationToken(newHash));
    const text = sentEmails()[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    const token = /invitation\?token=([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? '';
    expect(hashInvitationToken(token)).toBe(newHash);
    expect(organizationReads()).toBe(1);
  });

  it('answers 429 with Retry-After when it was sent moments ago', async () => {
    signedIn('ADMINISTRATOR');
    dynamo
      .on(GetCommand, { Key: keys.invitation(ORG, INVITATION_ID) })
      .resolves({ Item: invitationItem(anInvitation({ sentAt: [Date.now() - 1000] })) });

    const response = await call(resendInvitation, routes.resendInvitation, {
      pathParameters: { invitationId: INVITATION_ID },
    });

    expect(problemOf(response, 429).type).toBe('/problems/too-many-requests');
    expect(Number(response.headers?.['Retry-After'])).toBeGreaterThan(0);
    expect(transactions()).toEqual([]);
    expect(sentEmails()).toEqual([]);
  });

  it('answers 404 for an id that is not an invitation of the caller’s organization', async () => {
    signedIn('ADMINISTRATOR');
    dynamo.on(GetCommand, { Key: keys.invitation(ORG, 'C'.repeat(22)) }).resolves({});

    const response = await call(resendInvitation, routes.resendInvitation, {
      pathParameters: { invitationId: 'C'.repeat(22) },
    });

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
    // Read in the caller's own organization's partition only: another organization's id is never found.
    expect(dynamo.commandCalls(GetCommand).map((c) => c.args[0].input.Key)).toContainEqual(
      keys.invitation(ORG, 'C'.repeat(22)),
    );
  });
});

describe('DELETE /v1/portal/invitations/{invitationId}', () => {
  it('deletes the invitation (on its token) and its token item with an INVITATION_REVOKED entry', async () => {
    signedIn('ADMINISTRATOR');
    const invitation = anInvitation();
    dynamo
      .on(GetCommand, { Key: keys.invitation(ORG, INVITATION_ID) })
      .resolves({ Item: invitationItem(invitation) });

    const response = await call(revokeInvitation, routes.revokeInvitation, {
      pathParameters: { invitationId: INVITATION_ID },
    });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ invitationId: INVITATION_ID, outcome: 'REVOKED' });
    const [transaction] = transactions();
    expect(transaction?.[0]?.Delete).toMatchObject({
      Key: keys.invitation(ORG, INVITATION_ID),
      ConditionExpression: 'tokenHash = :hash',
    });
    expect(transaction?.[1]?.Delete?.Key).toEqual(keys.invitationToken(invitation.tokenHash));
    expect(transaction?.[2]?.Put?.Item).toMatchObject({
      kind: 'INVITATION_REVOKED',
      details: { invitationId: INVITATION_ID, email: 'jonas@acme.example' },
    });
  });

  it('answers 404 when it was revoked or accepted meanwhile', async () => {
    signedIn('ADMINISTRATOR');
    dynamo
      .on(GetCommand, { Key: keys.invitation(ORG, INVITATION_ID) })
      .resolves({ Item: invitationItem(anInvitation()) });
    dynamo.on(TransactWriteCommand).rejects(cancelled());

    const response = await call(revokeInvitation, routes.revokeInvitation, {
      pathParameters: { invitationId: INVITATION_ID },
    });

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
  });

  it('answers 403 administrators-only to a member', async () => {
    signedIn('MEMBER');

    const response = await call(revokeInvitation, routes.revokeInvitation, {
      pathParameters: { invitationId: INVITATION_ID },
    });

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(transactions()).toEqual([]);
  });
});

describe('the invitations’ writes in a deactivated organization', () => {
  function signedInToSuspended(): void {
    signedIn('ADMINISTRATOR');
    dynamo
      .on(GetCommand, { Key: keys.organization(ORG) })
      .resolves({ Item: items.organization({ ...organization, status: 'SUSPENDED' }) });
    dynamo
      .on(GetCommand, { Key: keys.invitation(ORG, INVITATION_ID) })
      .resolves({ Item: invitationItem(anInvitation()) });
  }

  it.each([
    [
      'invite',
      () =>
        call(createInvitations, routes.createInvitations, {
          body: { invitations: [{ email: 'jonas@acme.example', role: 'MEMBER' }] },
        }),
    ],
    [
      'resend',
      () =>
        call(resendInvitation, routes.resendInvitation, { pathParameters: { invitationId: INVITATION_ID } }),
    ],
    [
      'revoke',
      () =>
        call(revokeInvitation, routes.revokeInvitation, { pathParameters: { invitationId: INVITATION_ID } }),
    ],
  ])(
    '%s answers 403 organization-deactivated, reading the organization once and writing nothing',
    async (_, run) => {
      signedInToSuspended();

      const problem = problemOf(await run(), 403);

      expect(problem).toMatchObject({ type: '/problems/organization-deactivated', organizationId: ORG });
      expect(organizationReads()).toBe(1);
      expect(transactions()).toEqual([]);
      expect(sentEmails()).toEqual([]);
    },
  );

  it('resend and revoke of an unknown id in a deactivated organization answer 403 too (the status first)', async () => {
    signedInToSuspended();
    dynamo.on(GetCommand, { Key: keys.invitation(ORG, 'C'.repeat(22)) }).resolves({});

    for (const run of [resendInvitation, revokeInvitation]) {
      const route = run === resendInvitation ? routes.resendInvitation : routes.revokeInvitation;
      const response = await call(run, route, { pathParameters: { invitationId: 'C'.repeat(22) } });
      expect(problemOf(response, 403).type).toBe('/problems/organization-deactivated');
    }
  });
});

describe('POST /v1/invitations/accept', () => {
  const invitee = storedAccount({
    email: 'jonas@acme.example',
    state: 'CHOOSE_ACCESS_TYPE',
    registration: undefined,
    locale: 'de',
    revision: 2,
  });

  function givenToken(invitation: Invitation | undefined): void {
    dynamo
      .on(GetCommand, { Key: keys.invitationToken(hashInvitationToken(TOKEN)) })
      .resolves(invitation ? { Item: { ...keys.invitationToken(invitation.tokenHash), ...invitation } } : {});
  }

  it('joins the invited address at once with the invited role, consuming the invitation in the join', async () => {
    signedInAs(invitee);
    givenToken(anInvitation({ role: 'ADMINISTRATOR' }));

    const response = await call(acceptInvitation, routes.acceptInvitation, { body: { token: TOKEN } });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      outcome: 'ACTIVE',
      account: { state: 'ACTIVE', organization: { organizationId: ORG, role: 'ADMINISTRATOR' } },
    });
    const [transaction, ...others] = transactions();
    expect(others).toEqual([]);
    expect(transaction?.[0]?.Put).toMatchObject({
      Item: { ...keys.user(invitee.userId), state: 'ACTIVE', role: 'ADMINISTRATOR', revision: 3 },
      ExpressionAttributeValues: { ':expected': 2 },
    });
    // An invited administrator joins as one whatever the count (only the organization being active matters).
    expect(transaction?.[2]?.Update).toMatchObject({
      Key: keys.organization(ORG),
      UpdateExpression: 'ADD memberCount :one, administratorCount :one',
      ConditionExpression: '#status = :active',
    });
    const entry = transaction?.find((item) => item.Put?.Item?.['pk'] === `AUDIT#${ORG}`)?.Put?.Item;
    expect(entry).toMatchObject({
      kind: 'MEMBER_JOINED',
      details: { via: 'INVITATION', role: 'ADMINISTRATOR' },
    });
    expect(transaction?.slice(-2).map((item) => item.Delete)).toEqual([
      {
        TableName: TABLE,
        Key: keys.invitation(ORG, INVITATION_ID),
        ConditionExpression: 'tokenHash = :tokenHash',
        ExpressionAttributeValues: { ':tokenHash': hashInvitationToken(TOKEN) },
      },
      {
        TableName: TABLE,
        Key: keys.invitationToken(hashInvitationToken(TOKEN)),
        ConditionExpression: 'attribute_exists(pk)',
      },
    ]);
    // The confirmation email of every join, in the person's language.
    expect(sentEmails().map((email) => email.Destination?.ToAddresses)).toEqual([['jonas@acme.example']]);
  });

  it.each([
    ['an unknown token', undefined, invitee],
    [
      'an expired invitation',
      anInvitation({ expiresAt: new Date(Date.now() - 1000).toISOString() }),
      invitee,
    ],
    ['another signed-in address', anInvitation(), { ...invitee, email: 'someone.else@acme.example' }],
  ] as const)('answers the same 404 for %s, writing nothing', async (_case, invitation, account) => {
    signedInAs(account);
    givenToken(invitation);

    const response = await call(acceptInvitation, routes.acceptInvitation, { body: { token: TOKEN } });

    const problem = problemOf(response, 404);
    expect(problem.type).toBe('/problems/not-found');
    expect(problem.detail).toMatch(/not valid/);
    expect(transactions()).toEqual([]);
    expect(sentEmails()).toEqual([]);
  });

  it('answers 404 to something that is not a token, without reading it', async () => {
    signedInAs(invitee);

    const response = await call(acceptInvitation, routes.acceptInvitation, { body: { token: 'nope' } });

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
    expect(dynamo.commandCalls(GetCommand)).toEqual([]);
  });

  it('answers 409 already-member to a member of an organization', async () => {
    signedInAs({
      ...invitee,
      state: 'ACTIVE',
      organizationId: 'org-other',
      organizationName: 'Other',
      role: 'MEMBER',
    });
    givenToken(anInvitation());

    const response = await call(acceptInvitation, routes.acceptInvitation, { body: { token: TOKEN } });

    expect(problemOf(response, 409).type).toBe('/problems/already-member');
    expect(transactions()).toEqual([]);
  });

  it('answers 409 when the same invitation was accepted meanwhile (one membership)', async () => {
    signedInAs(invitee);
    givenToken(anInvitation());
    dynamo.on(TransactWriteCommand).rejects(cancelled());
    // The re-read after the refusal: the other acceptance moved the account on.
    dynamo
      .on(GetCommand, { Key: keys.user(invitee.userId) })
      .resolvesOnce({ Item: items.account(invitee) })
      .resolves({ Item: items.account({ ...invitee, state: 'ACTIVE', revision: 3 }) });

    const response = await call(acceptInvitation, routes.acceptInvitation, { body: { token: TOKEN } });

    expect(response.statusCode).toBe(409);
    expect(transactions()).toHaveLength(1);
  });
});
