import '../environment';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys, OVERVIEW_RANGE } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/portal/get-summary.handler';
import { routes } from '../../../functions/routes';
import { dynamo, givenOrganizationStatus, items, resetAws } from '../aws';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const MEMBER = storedAccount({
  state: 'ACTIVE',
  accessType: 'CUSTOMER_EMPLOYEE',
  organizationId: 'org-acme',
  organizationName: 'Acme Industries',
  role: 'MEMBER',
});

function summary(queryStringParameters?: Record<string, string>) {
  return handler(
    apiEvent(routes.getPortalSummary, {
      claims: ADA_CLAIMS,
      ...(queryStringParameters ? { queryStringParameters } : {}),
    }),
    lambdaContext('portico-getPortalSummary'),
  );
}

/** A site item as the inventory stores it: the site and one counter attribute per family and status. */
function siteItem(siteId: string, name: string, counters: Record<string, number>) {
  return {
    ...keys.site('org-acme', siteId),
    entity: 'SITE',
    siteId,
    name,
    address: 'Werkstrasse 1',
    city: 'Munich',
    country: 'DE',
    ...counters,
  };
}

/** The organization's overview range (OVERVIEW_RANGE) as one Query answers it: profile, sites, rules. */
function storedMember(): void {
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(MEMBER) });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':low': OVERVIEW_RANGE.low } }).resolves({
    Items: [
      items.organization(storedOrganization()),
      siteItem('BER-1', 'Berlin Office', { 'c#Latitude#EXPIRED': 4 }),
      siteItem('LYO-1', 'Lyon Lab', { 'c#Precision#ACTIVE': 7 }),
      siteItem('MUC-1', 'Munich Plant', { 'c#PowerEdge#ACTIVE': 2, 'c#PowerEdge#EXPIRING': 1 }),
      { ...keys.visibility('org-acme'), sites: ['MUC-1', 'BER-1'], families: 'ALL', revision: 1 },
    ],
  });
  dynamo.on(QueryCommand, { IndexName: 'byCollection' }).resolves({ Items: [] });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':low': `GROUP#${ADA_CLAIMS.sub}#` } }).resolves({
    Items: [],
  });
}

beforeEach(() => {
  resetAws();
});

describe('GET /v1/portal/summary', () => {
  it('answers 200 with the organization, the role and the counts of what the member sees', async () => {
    storedMember();

    const response = await summary();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      organization: { organizationId: 'org-acme', name: 'Acme Industries', city: 'Berlin', country: 'DE' },
      member: { userId: ADA_CLAIMS.sub, firstName: 'Ada', lastName: 'Lovelace', role: 'MEMBER' },
      scope: { sites: 2, families: 'ALL' },
      totals: { total: 7, active: 2, expiring: 1, expired: 4 },
      bySite: [
        {
          siteId: 'BER-1',
          name: 'Berlin Office',
          country: 'DE',
          counts: { total: 4, active: 0, expiring: 0, expired: 4 },
        },
        {
          siteId: 'MUC-1',
          name: 'Munich Plant',
          country: 'DE',
          counts: { total: 3, active: 2, expiring: 1, expired: 0 },
        },
      ],
      byFamily: [
        { family: 'Latitude', counts: { total: 4, active: 0, expiring: 0, expired: 4 } },
        { family: 'PowerEdge', counts: { total: 3, active: 2, expiring: 1, expired: 0 } },
      ],
      groups: [],
    });
  });

  it('answers 404 for a group that is neither the member’s nor shared with the organization', async () => {
    storedMember();

    const problem = problemOf(await summary({ group: 'grp-0123456789' }), 404);

    expect(problem.type).toBe('/problems/not-found');
    // Looked for among the member's own and the shared groups, which the Summary lists anyway: the GetItems are
    // the account and the organization's status.
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(2);
  });

  it("answers 403 organization-deactivated when operators deactivated the member's organization", async () => {
    storedMember();
    givenOrganizationStatus('SUSPENDED');

    const problem = problemOf(await summary(), 403);

    expect(problem.type).toBe('/problems/organization-deactivated');
    expect(problem.organizationId).toBe('org-acme');
    const statusRead = dynamo
      .commandCalls(GetCommand)
      .find((call) => call.args[0].input.ProjectionExpression);
    expect(statusRead?.args[0].input).toMatchObject({
      Key: keys.organization('org-acme'),
      ExpressionAttributeNames: { '#status': 'status' },
    });
  });

  it('answers 400 for a malformed group id, naming the query parameter', async () => {
    const problem = problemOf(await summary({ group: 'no/such' }), 400);

    expect(problem.errors).toEqual([{ pointer: 'query:/group', detail: 'is not a group id' }]);
    expect(dynamo.calls()).toEqual([]);
  });

  it('answers 403 business-account-required for an account that is not active', async () => {
    dynamo
      .on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) })
      .resolves({ Item: items.account(storedAccount({ state: 'ORGANIZATION_REQUIRED' })) });

    const problem = problemOf(await summary(), 403);

    expect(problem).toMatchObject({
      type: '/problems/business-account-required',
      state: 'ORGANIZATION_REQUIRED',
      nextStep: { step: 'ORGANIZATION_REQUIRED' },
    });
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('says the 403 and its next step in French for a French reader (the step known only at run time)', async () => {
    dynamo
      .on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) })
      .resolves({ Item: items.account(storedAccount({ state: 'PENDING_ORGANIZATION' })) });

    const response = await handler(
      apiEvent(routes.getPortalSummary, { claims: { ...ADA_CLAIMS, locale: 'fr' } }),
      lambdaContext('portico-getPortalSummary'),
    );

    expect(problemOf(response, 403)).toMatchObject({
      type: '/problems/business-account-required',
      title: 'Accès refusé',
      state: 'PENDING_ORGANIZATION',
      nextStep: {
        step: 'PENDING_ORGANIZATION',
        method: 'GET',
        path: '/v1/me',
        description:
          'Votre organisation est en cours d’examen ; nous vous écrirons dès qu’une décision sera prise. organizationRequest indique où en est la demande.',
      },
    });
  });
});
