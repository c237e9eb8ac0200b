import '../environment';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPortalOverviewReader } from '../../../functions/core/adapters/dynamodb/portal-overview.reader';
import { keys, OVERVIEW_RANGE } from '../../../functions/core/adapters/dynamodb/table-design';
import { DEFAULT_VISIBILITY } from '../../../functions/core/domain/portal-visibility';
import { dynamo, items, resetAws } from '../aws';
import { storedOrganization } from '../fixtures';

const TABLE = 'portico-adapter-tests';
const ORG = 'org-acme';
const reader = new DynamoPortalOverviewReader(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

function site(siteId: string, counters: Record<string, number> = {}) {
  return {
    ...keys.site(ORG, siteId),
    entity: 'SITE',
    siteId,
    name: siteId,
    address: 'Werkstrasse 1',
    city: 'Munich',
    country: 'DE',
    ...counters,
  };
}

beforeEach(() => {
  resetAws();
});

describe('DynamoPortalOverviewReader', () => {
  it('reads the profile, the sites and the rules with one consistent Query of the overview range', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        items.organization(storedOrganization()),
        site('BER-1', { 'c#Latitude#EXPIRED': 4 }),
        site('MUC-1'),
        { ...keys.visibility(ORG), sites: ['MUC-1'], families: 'ALL', revision: 3 },
      ],
    });

    const overview = await reader.read(ORG);

    expect(overview.organization).toMatchObject({ organizationId: ORG });
    expect(overview.sites.map((entry) => entry.siteId)).toEqual(['BER-1', 'MUC-1']);
    expect(overview.sites[0]?.families).toEqual({ Latitude: { ACTIVE: 0, EXPIRING: 0, EXPIRED: 4 } });
    expect(overview.visibility).toEqual({ sites: ['MUC-1'], families: 'ALL', revision: 3 });
    const calls = dynamo.commandCalls(QueryCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':pk': `ORG#${ORG}`, ':low': 'PROFILE', ':high': 'VISIBILITY' },
      ConsistentRead: true,
    });
  });

  it('answers the default rules and no organization when neither is stored', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [site('MUC-1')] });

    expect(await reader.read(ORG)).toEqual({
      organization: undefined,
      visibility: DEFAULT_VISIBILITY,
      sites: [expect.objectContaining({ siteId: 'MUC-1' })],
    });
  });

  it('follows further pages of an organization with many sites', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [site('A-1')], LastEvaluatedKey: keys.site(ORG, 'A-1') })
      .resolvesOnce({ Items: [site('B-1')] });

    expect((await reader.read(ORG)).sites.map((entry) => entry.siteId)).toEqual(['A-1', 'B-1']);
    expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(
      keys.site(ORG, 'A-1'),
    );
  });
});

describe('OVERVIEW_RANGE', () => {
  it('holds the profile, the sites and the rules, and none of the other keys of the partition', () => {
    const inRange = (sk: string) => sk >= OVERVIEW_RANGE.low && sk <= OVERVIEW_RANGE.high;
    expect(
      [keys.organization(ORG).sk, keys.site(ORG, 'MUC-1').sk, keys.visibility(ORG).sk].every(inRange),
    ).toBe(true);
    expect(
      [
        keys.product(ORG, 'ZZZZ-999').sk,
        keys.membership(ORG, 'user-zz').sk,
        keys.group(ORG, 'user-zz', 'grp-zz').sk,
        keys.organizationDomain(ORG, 'zz.example').sk,
      ].some(inRange),
    ).toBe(false);
  });
});
