import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Benchmark-only: rewrites every `begins_with(<sort key>, :prefix)` key condition of a Query into the
 * equivalent `<sort key> BETWEEN :prefix AND :prefix + U+FFFF` (the same items for Portico's keys, which are
 * ASCII). DynamoDB seeks for both forms; DynamoDB Local reads the whole partition for begins_with only
 * (key-condition-probe.ts), so this shows the latency the Summary would have on a store that seeks.
 */
export function rewriteBeginsWithAsBetween(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') {
        const input = args.input as {
          KeyConditionExpression?: string;
          ExpressionAttributeValues?: Record<string, unknown>;
        };
        const condition = input.KeyConditionExpression ?? '';
        const match = /begins_with\(\s*([#\w]+)\s*,\s*(:\w+)\s*\)/.exec(condition);
        const prefix = match ? input.ExpressionAttributeValues?.[match[2] ?? ''] : undefined;
        if (match && typeof prefix === 'string') {
          const upper = `${match[2]}BenchUpper`;
          input.KeyConditionExpression = condition.replace(
            match[0],
            `${match[1]} BETWEEN ${match[2]} AND ${upper}`,
          );
          input.ExpressionAttributeValues = {
            ...input.ExpressionAttributeValues,
            [upper]: `${prefix}\uffff`,
          };
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'benchBeginsWithAsBetween', override: true },
  );
}
