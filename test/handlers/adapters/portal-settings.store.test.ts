import '../environment';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPortalSettings } from '../../../functions/core/adapters/dynamodb/portal-settings.store';
import { auditEntryPuts } from '../../../functions/core/adapters/dynamodb/audit-entry-items';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { visibilityChanged } from '../../../functions/core/domain/audit-log';
import { DEFAULT_VISIBILITY } from '../../../functions/core/domain/portal-visibility';
import type { ProductGroup } from '../../../functions/core/domain/product-group';
import { ConcurrentUpdateError } from '../../../functions/core/ports';
import { dynamo, resetAws } from '../aws';

const TABLE = 'portico-adapter-tests';
const ORG = 'org-acme';

const GRACE = { userId: 'user-grace', email: 'grace@acme.example' };
const AT = new Date('2025-03-03T09:00:00.000Z');

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const settings = new DynamoPortalSettings(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

function aGroup(overrides: Partial<ProductGroup> = {}): ProductGroup {
  return {
    groupId: 'Yq3bV0c9T8m2kQ1xZ7fN4w',
    organizationId: ORG,
    ownerId: 'user-ada',
    name: 'Lab servers',
    shared: false,
    definition: { kind: 'FAMILIES', families: ['PowerEdge'] },
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    revision: 0,
    ...overrides,
  };
}

function groupItem(group: ProductGroup) {
  return {
    ...keys.group(group.organizationId, group.ownerId, group.groupId),
    entity: 'GROUP',
    ...group,
    ...(group.shared ? keys.sharedGroup(group.organizationId, group.groupId) : {}),
  };
}

function conditionFailed() {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

beforeEach(() => {
  resetAws();
});

describe('DynamoPortalSettings visibility', () => {
  it('answers the default when nothing was saved', async () => {
    dynamo.on(GetCommand).resolves({});

    expect(await settings.getVisibility(ORG)).toEqual(DEFAULT_VISIBILITY);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.visibility(ORG),
      ConsistentRead: true,
    });
  });

  it('saves the first rules only if none exist, later ones over the revision before, each with its audit entry', async () => {
    dynamo.on(TransactWriteCommand).resolves({});
    const first = { sites: ['MUC-1'], families: 'ALL' as const, updatedBy: 'user-grace', revision: 1 };
    const entry = visibilityChanged(ORG, GRACE, first, AT);

    await settings.saveVisibility(ORG, first, entry);
    await settings.saveVisibility(ORG, { ...first, revision: 2 }, entry);

    const [create, update] = dynamo
      .commandCalls(TransactWriteCommand)
      .map((call) => call.args[0].input.TransactItems);
    expect(create).toEqual([
      {
        Put: {
          TableName: TABLE,
          Item: { ...keys.visibility(ORG), entity: 'VISIBILITY', organizationId: ORG, ...first },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...auditEntryPuts(TABLE, entry),
    ]);
    expect(update?.[0]?.Put).toMatchObject({
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': 1 },
    });
  });

  it('answers ConcurrentUpdateError when the rules changed meanwhile', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    const rules = { ...DEFAULT_VISIBILITY, revision: 4 };

    await expect(
      settings.saveVisibility(ORG, rules, visibilityChanged(ORG, GRACE, rules, AT)),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });
});

describe('DynamoPortalSettings groups', () => {
  it('creates a shared group with the byCollection keys of its organization', async () => {
    dynamo.on(PutCommand).resolves({});
    const group = aGroup({ shared: true });

    await settings.createGroup(group);

    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        pk: 'ORG#org-acme',
        sk: 'GROUP#user-ada#Yq3bV0c9T8m2kQ1xZ7fN4w',
        collectionPk: 'SHAREDGROUPS#org-acme',
        collectionSk: 'Yq3bV0c9T8m2kQ1xZ7fN4w',
        entity: 'GROUP',
        ...group,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('saves an unshared group over the revision read, without the shared keys', async () => {
    dynamo.on(PutCommand).resolves({});

    await settings.saveGroup(aGroup({ shared: false, revision: 3 }));

    const input = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.Item).not.toHaveProperty('collectionPk');
    expect(input).toMatchObject({
      ConditionExpression: 'revision = :previous',
      ExpressionAttributeValues: { ':previous': 2 },
    });
  });

  it("answers the viewer's own group, read by its key, over a lagging copy in the shared collection", async () => {
    const group = aGroup({ shared: true, revision: 2, name: 'Renamed' });
    dynamo.on(GetCommand).resolves({ Item: groupItem(group) });
    dynamo.on(QueryCommand).resolves({ Items: [groupItem({ ...group, revision: 1, name: 'Lab servers' })] });

    expect(await settings.getGroup(ORG, group.groupId, 'user-ada')).toEqual(group);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: keys.group(ORG, 'user-ada', group.groupId),
      ConsistentRead: true,
    });
  });

  it("finds someone else's group only in the organization's shared collection", async () => {
    const group = aGroup({ ownerId: 'user-grace', shared: true });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [groupItem(group)] });

    expect(await settings.getGroup(ORG, group.groupId, 'user-ada')).toEqual(group);
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      IndexName: 'byCollection',
      KeyConditionExpression: '#pk = :collection AND #sk = :groupId',
      ExpressionAttributeNames: { '#pk': 'collectionPk', '#sk': 'collectionSk' },
      ExpressionAttributeValues: { ':collection': 'SHAREDGROUPS#org-acme', ':groupId': group.groupId },
    });
  });

  it('answers undefined for a group that is neither the viewer’s nor shared', async () => {
    dynamo.on(GetCommand).resolves({});
    dynamo.on(QueryCommand).resolves({ Items: [] });

    expect(await settings.getGroup(ORG, 'grp-unknown-000001', 'user-ada')).toBeUndefined();
  });

  it("lists the viewer's own and the shared groups, each once", async () => {
    const own = aGroup({ groupId: 'grp-own-000000001', shared: true });
    const theirs = aGroup({ groupId: 'grp-theirs-000001', ownerId: 'user-grace', shared: true });
    dynamo
      .on(QueryCommand, { IndexName: 'byCollection' })
      .resolves({ Items: [groupItem(own), groupItem(theirs)] });
    dynamo.on(QueryCommand, { ConsistentRead: true }).resolves({ Items: [groupItem(own)] });

    const groups = await settings.listGroups(ORG, 'user-ada');

    expect(groups.map((group) => group.groupId).sort()).toEqual(['grp-own-000000001', 'grp-theirs-000001']);
    expect(
      dynamo.commandCalls(QueryCommand).find((call) => call.args[0].input.IndexName === undefined)?.args[0]
        .input.ExpressionAttributeValues,
    ).toEqual({ ':pk': 'ORG#org-acme', ':low': 'GROUP#user-ada#', ':high': 'GROUP#user-ada$' });
  });

  it("counts the owner's own groups with one consistent count query of their range, paging on", async () => {
    const lastKey = { pk: 'ORG#org-acme', sk: 'GROUP#user-ada#g1' };
    dynamo.on(QueryCommand).resolvesOnce({ Count: 30, LastEvaluatedKey: lastKey }).resolves({ Count: 12 });

    expect(await settings.countOwnGroups(ORG, 'user-ada')).toBe(42);

    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatchObject({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': 'ORG#org-acme',
        ':low': 'GROUP#user-ada#',
        ':high': 'GROUP#user-ada$',
      },
      Select: 'COUNT',
      ConsistentRead: true,
    });
    expect(queries[0]?.IndexName).toBeUndefined();
    expect(queries[1]?.ExclusiveStartKey).toEqual(lastKey);
  });

  it('deletes a group still at its revision; gone already is fine', async () => {
    dynamo.on(DeleteCommand).resolves({});

    await settings.deleteGroup(aGroup({ revision: 2 }));

    expect(dynamo.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.group(ORG, 'user-ada', 'Yq3bV0c9T8m2kQ1xZ7fN4w'),
      ConditionExpression: 'attribute_not_exists(pk) OR revision = :revision',
      ExpressionAttributeValues: { ':revision': 2 },
    });
  });

  it('answers ConcurrentUpdateError when the group changed meanwhile', async () => {
    dynamo.on(PutCommand).rejects(conditionFailed());
    dynamo.on(DeleteCommand).rejects(conditionFailed());

    await expect(settings.saveGroup(aGroup({ revision: 1 }))).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await expect(settings.deleteGroup(aGroup())).rejects.toBeInstanceOf(ConcurrentUpdateError);
    await expect(settings.createGroup(aGroup())).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });
});
