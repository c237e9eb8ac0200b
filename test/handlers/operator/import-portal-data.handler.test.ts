import '../environment';
import {
  BatchGetCommand,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import type { Organization } from '../../../functions/core/domain/organization';
import { handler } from '../../../functions/operator/import-portal-data.handler';
import { routes } from '../../../functions/routes';
import { dynamo, items, resetAws } from '../aws';
import { TEST_ENVIRONMENT } from '../environment';
import {
  ADA_CLAIMS,
  apiEvent,
  jsonBody,
  lambdaContext,
  OPERATOR_CLAIMS,
  problemOf,
  type EventOptions,
} from '../events';
import { storedOrganization } from '../fixtures';

const ORG = 'org-acme';
const SITE = {
  siteId: 'MUC-1',
  name: 'Munich plant',
  address: 'Werkstrasse 1',
  city: 'Munich',
  country: 'DE',
};

function post(kind: string, options: EventOptions = {}, organizationId = ORG) {
  return handler(
    apiEvent(routes.importPortalData, {
      claims: OPERATOR_CLAIMS,
      pathParameters: { organizationId, kind },
      ...options,
    }),
    lambdaContext('portico-importPortalData'),
  );
}

function csv(kind: string, text: string, options: EventOptions = {}) {
  return post(kind, { rawBody: text, headers: { 'Content-Type': 'text/csv; charset=utf-8' }, ...options });
}

/** The table holds the organization and these items (answered to batch reads by key). */
function tableHolds(
  stored: Record<string, unknown>[],
  organization: Organization | null = storedOrganization(),
) {
  dynamo
    .on(GetCommand, { Key: keys.organization(ORG) })
    .resolves(organization ? { Item: items.organization(organization) } : {});
  dynamo.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const wanted = input.RequestItems?.[TEST_ENVIRONMENT.TABLE_NAME]?.Keys ?? [];
    const found = stored.filter((item) =>
      wanted.some((key) => key['pk'] === item['pk'] && key['sk'] === item['sk']),
    );
    return { Responses: { [TEST_ENVIRONMENT.TABLE_NAME]: found } };
  });
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
}

const SITE_ITEM = { ...keys.site(ORG, SITE.siteId), entity: 'SITE', ...SITE };

beforeEach(() => {
  resetAws();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T09:00:00.000Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('POST /v1/operator/organizations/{organizationId}/imports/{kind}', () => {
  it('imports sites from JSON and answers the report', async () => {
    tableHolds([]);

    const response = await post('sites', { body: { rows: [SITE, { ...SITE, siteId: 'BAD#' }] } });

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toEqual({
      organizationId: ORG,
      kind: 'sites',
      received: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      rejectedRows: [{ row: 2, key: 'BAD#', errors: [{ field: 'siteId', detail: expect.any(String) }] }],
    });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual(keys.site(ORG, 'MUC-1'));
  });

  it('imports products from CSV (BOM, line numbers), rejecting those of unknown sites', async () => {
    tableHolds([SITE_ITEM]);
    const text =
      '\uFEFFserviceTag,model,family,siteId,supportEndDate\n' +
      '7XK2P93,PowerEdge R760,PowerEdge,MUC-1,2027-06-30\n' +
      'ABC-1,PowerEdge R760,PowerEdge,NOWHERE,2027-06-30\n' +
      'ABC-2,PowerEdge R760,PowerEdge,MUC-1,2027-02-30\n';

    const response = await csv('products', text);

    expect(response.statusCode).toBe(200);
    expect(jsonBody(response)).toMatchObject({
      kind: 'products',
      received: 3,
      created: 1,
      rejected: 2,
      rejectedRows: [
        { row: 2, line: 3, key: 'ABC-1', errors: [{ field: 'siteId' }] },
        { row: 3, line: 4, key: 'ABC-2', errors: [{ field: 'supportEndDate' }] },
      ],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('reads a base64-encoded body, as API Gateway may send it', async () => {
    tableHolds([]);
    const text = 'siteId,name,address,city,country\nMUC-1,Munich plant,Werkstrasse 1,Munich,DE\n';

    const response = await csv('sites', Buffer.from(text).toString('base64'), { isBase64Encoded: true });

    expect(jsonBody(response)).toMatchObject({ received: 1, created: 1 });
  });

  it('answers 415 for another media type, having read the organization only', async () => {
    tableHolds([]);

    const response = await post('sites', { rawBody: 'x', headers: { 'Content-Type': 'text/plain' } });

    expect(problemOf(response, 415).type).toBe('/problems/unsupported-media-type');
    expect(dynamo.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand']);
  });

  it('answers 413 for a body above the import limit, and for more than 5,000 rows, writing nothing', async () => {
    tableHolds([]);
    const huge = await post('sites', { rawBody: `{"rows":[${'0,'.repeat(3_200_000)}0]}` });
    expect(problemOf(huge, 413).type).toBe('/problems/payload-too-large');

    const many = await post('sites', { body: { rows: Array.from({ length: 5001 }, () => SITE) } });
    expect(problemOf(many, 413).detail).toContain('5000');
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  it.each([
    ['JSON that does not parse', { rawBody: '{"rows": [' }, 'malformed-request'],
    ['JSON without rows', { body: { items: [] } }, 'validation-error'],
    ['an empty body', { rawBody: '', headers: { 'Content-Type': 'application/json' } }, 'validation-error'],
  ])('answers 400 for %s', async (_case, options, type) => {
    tableHolds([]);

    const response = await post('sites', options as EventOptions);

    expect(problemOf(response, 400).type).toBe(`/problems/${type}`);
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  it('answers 400 naming the columns of a CSV header that is not the documented one', async () => {
    tableHolds([]);
    const response = await csv('sites', 'siteId,name,street,city,country\n');

    const problem = problemOf(response, 400);
    expect(problem.errors).toEqual([
      { pointer: 'csv:/header/street', detail: 'is not a known column' },
      { pointer: 'csv:/header/address', detail: 'is a missing column' },
    ]);
  });

  it('answers 400 for an unknown kind or a malformed organization id', async () => {
    expect(problemOf(await post('groups', { body: { rows: [] } }), 400).type).toBe(
      '/problems/validation-error',
    );
    expect(problemOf(await post('sites', { body: { rows: [] } }, 'org#x'), 400).type).toBe(
      '/problems/validation-error',
    );
  });

  it('answers 404 for an unknown organization before reading the body', async () => {
    tableHolds([], null);

    const response = await post('sites', {
      rawBody: 'not,a,valid,file',
      headers: { 'Content-Type': 'text/csv' },
    });

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
  });

  it.each([
    ['an unknown organization', null],
    ['a pending organization', storedOrganization({ status: 'PENDING' })],
    ['a partner organization', storedOrganization({ kind: 'PARTNER' })],
  ])('answers 404 for %s, writing nothing', async (_case, organization) => {
    tableHolds([], organization);

    const response = await post('sites', { body: { rows: [SITE] } });

    expect(problemOf(response, 404).type).toBe('/problems/not-found');
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });

  it('answers 403 operators-only to a signed-in person outside the operators group, reading nothing', async () => {
    const response = await post('sites', { claims: ADA_CLAIMS, body: { rows: [SITE] } });

    expect(problemOf(response, 403).type).toBe('/problems/operators-only');
    expect(dynamo.calls()).toEqual([]);
  });
});
