import '../environment';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/portal/get-summary.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws } from '../aws';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const MEMBER = storedAccount({
  state: 'ACTIVE',
  accessType: 'CUSTOMER_EMPLOYEE',
  organizationId: 'org-acme',
  organizationName: 'Acme Industries',
  role: 'MEMBER',
});

function summary() {
  return handler(
    apiEvent(routes.getPortalSummary, { claims: ADA_CLAIMS }),
    lambdaContext('portico-getPortalSummary'),
  );
}

beforeEach(() => {
  resetAws();
});

describe('GET /v1/portal/summary', () => {
  it("answers 200 with the member's organization, taken from the account", async () => {
    dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(MEMBER) });
    dynamo
      .on(GetCommand, { Key: keys.organization('org-acme') })
      .resolves({ Item: items.organization(storedOrganization()) });

    const response = await summary();

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      organization: { organizationId: 'org-acme', name: 'Acme Industries', city: 'Berlin', country: 'DE' },
      member: { userId: ADA_CLAIMS.sub, firstName: 'Ada', lastName: 'Lovelace', role: 'MEMBER' },
    });
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
});
