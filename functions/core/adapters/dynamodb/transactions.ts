import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** A write refused because a condition no longer held, alone or inside a transaction. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException;
}

/**
 * Whether a transaction was cancelled only because another transaction was changing one of its items at that
 * moment: no condition failed, so sending it again is safe. The SDK does not retry these.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  return (
    codes.includes('TransactionConflict') &&
    codes.every((code) => code === 'None' || code === 'TransactionConflict')
  );
}

/** Tries after the first one when a transaction only conflicted with another (jittered, 25 ms doubling). */
export const TRANSACTION_CONFLICT_RETRIES = 4;

/**
 * Sends a transaction, sending it again (with jittered backoff) while it only conflicts with a concurrent one,
 * e.g. many people joining one organization at once, all adding to its member count.
 */
export async function transactWrite(
  documents: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
): Promise<void> {
  for (let retry = 0; ; retry += 1) {
    try {
      await documents.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (!isTransactionConflict(error) || retry >= TRANSACTION_CONFLICT_RETRIES) throw error;
      await sleep(25 * 2 ** retry * (0.5 + Math.random() / 2));
    }
  }
}
