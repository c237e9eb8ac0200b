import '../environment';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoOrganizationStatusReader } from '../../../functions/core/adapters/dynamodb/organization-status.reader';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import { dynamo, resetAws } from '../aws';

const TABLE = 'portico-adapter-tests';

const reader = new DynamoOrganizationStatusReader(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

beforeEach(() => resetAws());

describe('DynamoOrganizationStatusReader', () => {
  it("reads only the profile's status, eventually consistent (0.5 RCU)", async () => {
    dynamo.on(GetCommand).resolves({ Item: { status: 'SUSPENDED' } });

    await expect(reader.statusOf('org-acme')).resolves.toBe('SUSPENDED');
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.organization('org-acme'),
      ProjectionExpression: '#status',
      ExpressionAttributeNames: { '#status': 'status' },
    });
  });

  it('answers undefined for no organization, and refuses a profile without a known status', async () => {
    dynamo.on(GetCommand).resolves({});
    await expect(reader.statusOf('org-gone')).resolves.toBeUndefined();

    dynamo.on(GetCommand).resolves({ Item: { status: 'CLOSED' } });
    await expect(reader.statusOf('org-odd')).rejects.toThrow('org-odd has no valid status');
  });
});
