import '../environment';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import type { Account } from '../../../functions/core/domain/account';
import { awaitApproval, joinRequestOf } from '../../../functions/core/domain/membership-policy';
import { handler as approveJoinRequest } from '../../../functions/portal/approve-join-request.handler';
import { handler as declineJoinRequest } from '../../../functions/portal/decline-join-request.handler';
import { handler as listJoinRequests } from '../../../functions/portal/list-join-requests.handler';
import { routes } from '../../../functions/routes';
import { aRegistration } from '../../unit/fixtures';
import { dynamo, givenNoSuppressions, items, resetAws, ses } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf, type EventOptions } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const TABLE = TEST_ENVIRONMENT.TABLE_NAME;
const ORG = 'org-acme';
const JONAS = '9a4e6c2b-7d18-4f3a-b5c0-1e8d2f7a6b94';
const REQUESTED = new Date('2026-11-30T09:00:00.000Z');

const organization = storedOrganization({ membershipPolicy: 'APPROVAL', administratorCount: 1 });
const registered = storedAccount({
  userId: JONAS,
  email: 'jonas@acme.example',
  firstName: 'Jonas',
  lastName: 'Richter',
  state: 'REGISTER_BUSINESS',
  accessType: 'CUSTOMER_EMPLOYEE',
  registration: aRegistration({ jobTitle: 'Maintenance lead' }),
  locale: 'de',
  revision: 4,
});
const waiting = awaitApproval(registered, organization, REQUESTED);
const request = joinRequestOf(registered, organization, REQUESTED);

function signedIn(role: 'MEMBER' | 'ADMINISTRATOR'): void {
  const account = storedAccount({
    state: 'ACTIVE',
    accessType: 'CUSTOMER_EMPLOYEE',
    organizationId: ORG,
    organizationName: 'Acme Industries',
    role,
  });
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(account) });
  dynamo.on(GetCommand, { Key: keys.organization(ORG) }).resolves({ Item: items.organization(organization) });
}

function given(applicant: Account | undefined, filed = true): void {
  dynamo
    .on(GetCommand, { Key: keys.user(JONAS) })
    .resolves(applicant ? { Item: items.account(applicant) } : {});
  dynamo
    .on(GetCommand, { Key: keys.joinRequest(ORG, JONAS) })
    .resolves(filed ? { Item: { ...keys.joinRequest(ORG, JONAS), entity: 'JOIN_REQUEST', ...request } } : {});
}

function call(
  run: typeof listJoinRequests,
  route: (typeof routes)[keyof typeof routes],
  options: EventOptions = {},
) {
  return run(apiEvent(route, { claims: ADA_CLAIMS, ...options }), lambdaContext(`portico-${route.id}`));
}

const decided = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
  });

beforeEach(() => {
  resetAws();
  givenNoSuppressions();
  ses.on(SendEmailCommand).resolves({ MessageId: 'message-1' });
});

describe('GET /v1/portal/join-requests', () => {
  it('answers the waiting requests oldest first with one Query of the JOINREQ# range', async () => {
    signedIn('ADMINISTRATOR');
    const later = { ...request, userId: 'user-later', requestedAt: '2026-12-01T09:00:00.000Z' };
    dynamo.on(QueryCommand).resolves({
      Items: [later, request].map((item) => ({
        ...keys.joinRequest(ORG, item.userId),
        entity: 'JOIN_REQUEST',
        ...item,
      })),
    });

    const response = await call(listJoinRequests, routes.listJoinRequests);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      items: [
        {
          userId: JONAS,
          email: 'jonas@acme.example',
          firstName: 'Jonas',
          lastName: 'Richter',
          jobTitle: 'Maintenance lead',
          requestedAt: REQUESTED.toISOString(),
        },
        expect.objectContaining({ userId: 'user-later' }),
      ],
    });
    const queries = dynamo.commandCalls(QueryCommand);
    expect(queries).toHaveLength(1);
    expect(queries[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `ORG#${ORG}`, ':prefix': 'JOINREQ#' },
    });
    // The caller's account, then the Query: 2 round trips at most.
    expect(dynamo.calls().length).toBeLessThanOrEqual(3);
  });

  it('answers 403 administrators-only to a member, without the Query', async () => {
    signedIn('MEMBER');

    const response = await call(listJoinRequests, routes.listJoinRequests);

    expect(problemOf(response, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.commandCalls(QueryCommand)).toEqual([]);
  });
});

describe('POST /v1/portal/join-requests/{userId}/approve', () => {
  it('activates the person as a single match does, consuming the request in the join transaction', async () => {
    signedIn('ADMINISTRATOR');
    given(waiting);
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await call(approveJoinRequest, routes.approveJoinRequest, {
      pathParameters: { userId: JONAS },
    });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ userId: JONAS, outcome: 'APPROVED', role: 'MEMBER' });
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction[0]?.Put).toMatchObject({
      Item: { ...keys.user(JONAS), state: 'ACTIVE', organizationId: ORG, role: 'MEMBER', revision: 6 },
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 5 },
    });
    expect(transaction[0]?.Put?.Item?.['joinRequest']).toBeUndefined();
    expect(transaction[1]?.Put?.Item).toMatchObject({ ...keys.membership(ORG, JONAS), role: 'MEMBER' });
    // The counts as for any member joining; no policy condition (the administrators decided, not the domain).
    expect(transaction[2]?.Update).toMatchObject({
      Key: keys.organization(ORG),
      UpdateExpression: 'ADD memberCount :one',
      ConditionExpression: '#status = :active AND administratorCount > :zero',
    });
    const entry = transaction.find((item) => item.Put?.Item?.['pk'] === `AUDIT#${ORG}`)?.Put?.Item;
    expect(entry).toMatchObject({
      kind: 'MEMBER_JOINED',
      actor: { userId: JONAS },
      subject: { userId: JONAS },
      details: { via: 'APPROVAL', role: 'MEMBER' },
    });
    expect(transaction.at(-1)?.Delete).toEqual({
      TableName: TABLE,
      Key: keys.joinRequest(ORG, JONAS),
      ConditionExpression: 'attribute_exists(pk)',
    });
    // The confirmation email of a single match, in the person's language, before the transaction.
    const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(sent.map((input) => input.Destination?.ToAddresses)).toEqual([['jonas@acme.example']]);
    expect(sent[0]?.Content?.Simple?.Subject?.Data).toContain('Acme Industries');
    expect(sent[0]?.Content?.Simple?.Subject?.Data).toContain('aktiv');
  });

  it('answers 409 join-request-decided when another administrator decided first', async () => {
    signedIn('ADMINISTRATOR');
    given(waiting);
    dynamo.on(TransactWriteCommand).rejects(decided());
    // The re-read after the refusal: the other administrator's decision moved the account on.
    dynamo
      .on(GetCommand, { Key: keys.user(JONAS) })
      .resolvesOnce({ Item: items.account(waiting) })
      .resolves({ Item: items.account({ ...waiting, state: 'INVITATION_REQUIRED', revision: 6 }) });

    const response = await call(approveJoinRequest, routes.approveJoinRequest, {
      pathParameters: { userId: JONAS },
    });

    expect(problemOf(response, 409).type).toBe('/problems/join-request-decided');
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('answers 409 join-request-decided when the person no longer waits (decided earlier)', async () => {
    signedIn('ADMINISTRATOR');
    given({ ...waiting, state: 'INVITATION_REQUIRED', joinRequest: undefined });

    const response = await call(approveJoinRequest, routes.approveJoinRequest, {
      pathParameters: { userId: JONAS },
    });

    expect(problemOf(response, 409).type).toBe('/problems/join-request-decided');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });

  it('answers 404 without a request, and 403 to a member, writing nothing', async () => {
    signedIn('ADMINISTRATOR');
    given(waiting, false);
    const missing = await call(approveJoinRequest, routes.approveJoinRequest, {
      pathParameters: { userId: JONAS },
    });
    expect(problemOf(missing, 404).type).toBe('/problems/not-found');

    resetAws();
    signedIn('MEMBER');
    given(waiting);
    const member = await call(approveJoinRequest, routes.approveJoinRequest, {
      pathParameters: { userId: JONAS },
    });
    expect(problemOf(member, 403).type).toBe('/problems/administrators-only');
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
  });
});

describe('POST /v1/portal/join-requests/{userId}/decline', () => {
  it('puts the person in INVITATION_REQUIRED, deletes the request, audits and emails the reason', async () => {
    signedIn('ADMINISTRATOR');
    given(waiting);
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await call(declineJoinRequest, routes.declineJoinRequest, {
      pathParameters: { userId: JONAS },
      body: { reason: '  Contractors get access through their own company. ' },
    });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({ userId: JONAS, outcome: 'DECLINED' });
    const transaction = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(transaction[0]?.Put).toMatchObject({
      Item: { ...keys.user(JONAS), state: 'INVITATION_REQUIRED', revision: 6 },
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 5 },
    });
    expect(transaction[0]?.Put?.Item?.['joinRequest']).toBeUndefined();
    expect(transaction[1]?.Delete).toEqual({
      TableName: TABLE,
      Key: keys.joinRequest(ORG, JONAS),
      ConditionExpression: 'attribute_exists(pk)',
    });
    expect(transaction.slice(2).map((item) => item.Put?.Item?.['pk'])).toEqual(
      expect.arrayContaining([
        `AUDIT#${ORG}`,
        `AUDIT#${ORG}#PERSON#${JONAS}`,
        `AUDIT#${ORG}#PERSON#${ADA_CLAIMS.sub}`,
      ]),
    );
    expect(transaction[2]?.Put?.Item).toMatchObject({
      kind: 'JOIN_REQUEST_DECLINED',
      actor: { userId: ADA_CLAIMS.sub },
      subject: { userId: JONAS },
      details: { reason: 'Contractors get access through their own company.' },
    });
    const sent = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(sent.map((input) => input.Destination?.ToAddresses)).toEqual([['jonas@acme.example']]);
    expect(sent[0]?.Content?.Simple?.Body?.Text?.Data).toContain(
      'Ihre Begründung: Contractors get access through their own company.',
    );
  });

  it('emails no reason paragraph when none was given', async () => {
    signedIn('ADMINISTRATOR');
    given({ ...waiting, locale: 'en' });
    dynamo.on(TransactWriteCommand).resolves({});

    const response = await call(declineJoinRequest, routes.declineJoinRequest, {
      pathParameters: { userId: JONAS },
      body: {},
    });

    expect(response.statusCode).toBe(200);
    const text = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(text).toContain('declined your request');
    expect(text).not.toContain('Their reason');
  });

  it('answers 409 join-request-decided when another administrator decided first, emailing nothing', async () => {
    signedIn('ADMINISTRATOR');
    given(waiting);
    dynamo.on(TransactWriteCommand).rejects(decided());

    const response = await call(declineJoinRequest, routes.declineJoinRequest, {
      pathParameters: { userId: JONAS },
      body: {},
    });

    expect(problemOf(response, 409).type).toBe('/problems/join-request-decided');
    expect(ses.commandCalls(SendEmailCommand)).toEqual([]);
  });

  it('answers 400 naming /reason for a reason over 500 characters, and /role for an unknown field', async () => {
    const long = await call(declineJoinRequest, routes.declineJoinRequest, {
      pathParameters: { userId: JONAS },
      body: { reason: 'x'.repeat(501) },
    });
    expect(problemOf(long, 400).errors).toEqual([expect.objectContaining({ pointer: '/reason' })]);

    const smuggled = await call(declineJoinRequest, routes.declineJoinRequest, {
      pathParameters: { userId: JONAS },
      body: { role: 'ADMINISTRATOR' },
    });
    expect(problemOf(smuggled, 400).errors).toEqual([expect.objectContaining({ pointer: '/role' })]);
  });
});
