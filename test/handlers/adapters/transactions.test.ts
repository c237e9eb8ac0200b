import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  TRANSACTION_CONFLICT_RETRIES,
  isTransactionConflict,
  transactWrite,
} from '../../../functions/core/adapters/dynamodb/transactions';
import { dynamo, resetAws } from '../aws';

const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const INPUT = {
  TransactItems: [
    {
      ConditionCheck: {
        TableName: 't',
        Key: { pk: 'a', sk: 'b' },
        ConditionExpression: 'attribute_exists(pk)',
      },
    },
  ],
};

function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => resetAws());

describe('transactWrite', () => {
  it('sends a transaction again when it only conflicted with a concurrent one', async () => {
    dynamo.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'TransactionConflict')).resolves({});

    await transactWrite(documents, INPUT);

    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(2);
  });

  it('does not send again when a condition failed, even beside a conflict', async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'TransactionConflict'));

    await expect(transactWrite(documents, INPUT)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it(`gives up after ${TRANSACTION_CONFLICT_RETRIES} more tries of a transaction that keeps conflicting`, async () => {
    dynamo.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));

    await expect(transactWrite(documents, INPUT)).rejects.toSatisfy(isTransactionConflict);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1 + TRANSACTION_CONFLICT_RETRIES);
  });
});
