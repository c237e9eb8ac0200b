import '../environment';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys, OVERVIEW_RANGE } from '../../../functions/core/adapters/dynamodb/table-design';
import { handler } from '../../../functions/portal/export-products.handler';
import { productExport } from '../../../functions/portal/export-products.route';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws } from '../aws';
import { ADA_CLAIMS, apiEvent, jsonBody, lambdaContext, problemOf } from '../events';
import { storedAccount, storedOrganization } from '../fixtures';

const ADMIN = storedAccount({
  state: 'ACTIVE',
  accessType: 'CUSTOMER_EMPLOYEE',
  organizationId: 'org-acme',
  organizationName: 'Acme Industries',
  role: 'ADMINISTRATOR',
});

function exportOf(queryStringParameters: Record<string, string>) {
  return handler(
    apiEvent(routes.exportProducts, { claims: ADA_CLAIMS, queryStringParameters }),
    lambdaContext('portico-exportProducts'),
  );
}

function stored(): void {
  dynamo.on(GetCommand, { Key: keys.user(ADA_CLAIMS.sub) }).resolves({ Item: items.account(ADMIN) });
  dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':low': OVERVIEW_RANGE.low } }).resolves({
    Items: [
      items.organization(storedOrganization()),
      {
        ...keys.site('org-acme', 'MUC-1'),
        siteId: 'MUC-1',
        name: 'Werk München',
        address: 'Werkstrasse 1',
        city: 'München',
        country: 'DE',
        'c#PowerEdge#ACTIVE': 1,
      },
    ],
  });
  dynamo
    .on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'ORG#org-acme', ':low': 'PRODUCT#' } })
    .resolves({
      Items: [
        {
          ...keys.product('org-acme', '7XK2P93'),
          serviceTag: '7XK2P93',
          model: '=cmd|calc',
          family: 'PowerEdge',
          siteId: 'MUC-1',
          supportEndDate: '2027-06-30',
          supportStatus: 'ACTIVE',
          revision: 0,
        },
      ],
    });
}

beforeEach(() => {
  resetAws();
});

describe('GET /v1/portal/exports/products', () => {
  it('sends a spreadsheet-safe CSV attachment, UTF-8 with a byte order mark', async () => {
    stored();

    const response = await exportOf({ format: 'csv', sort: 'serviceTag' });

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': expect.stringMatching(
        /^attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"$/,
      ),
      'Cache-Control': 'no-store',
    });
    expect(response.body.split('\r\n')).toEqual([
      '\uFEFFService tag,Model,Family,Site ID,Site,City,Country,Support end date,Support status',
      "7XK2P93,'=cmd|calc,PowerEdge,MUC-1,Werk München,München,DE,2027-06-30,ACTIVE",
      '',
    ]);
  });

  it('sends the same rows as JSON, as its response schema declares', async () => {
    stored();

    const response = await exportOf({ format: 'json', sort: 'serviceTag' });

    expect(response.statusCode).toBe(200);
    const body = jsonBody(response);
    expect(productExport().safeParse(body).success).toBe(true);
    expect(body).toMatchObject({ count: 1, items: [{ serviceTag: '7XK2P93', model: '=cmd|calc' }] });
  });

  it('answers 400 for an unknown format, naming it', async () => {
    const problem = problemOf(await exportOf({ format: 'xlsx' }), 400);

    expect(problem.errors).toEqual([{ pointer: 'query:/format', detail: expect.any(String) }]);
  });
});
