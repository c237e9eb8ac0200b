import { performance } from 'node:perf_hooks';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/core/adapters/dynamodb/table-design';
import { percentile, round } from './stats';

/**
 * DynamoDB Local answers a `begins_with` key condition by reading the whole partition, but a `BETWEEN` on the
 * same sort keys by seeking its index (DynamoDB itself seeks for both). The products of an organization share
 * its partition with its sites, so on DynamoDB Local the Summary's site query slows down with the products.
 * This reads the same site items both ways, so the report can tell that apart from the Summary's own cost.
 */
export async function probeSiteQuery(
  documents: DynamoDBDocumentClient,
  tableName: string,
  organizationId: string,
  runs: number,
): Promise<{ readonly beginsWithP50Ms: number; readonly betweenP50Ms: number; readonly items: number }> {
  const { pk, sk: prefix } = keys.site(organizationId, '');
  const time = async (condition: string, values: Record<string, string>) => {
    const latencies: number[] = [];
    let items = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: `pk = :pk AND ${condition}`,
          ExpressionAttributeValues: { ':pk': pk, ...values },
        }),
      );
      latencies.push(performance.now() - started);
      items = page.Items?.length ?? 0;
    }
    return { p50: round(percentile(latencies, 50), 2), items };
  };
  const beginsWith = await time('begins_with(sk, :prefix)', { ':prefix': prefix });
  // `SITE$` is the first sort key after every `SITE#…` one ('$' follows '#').
  const between = await time('sk BETWEEN :from AND :to', {
    ':from': prefix,
    ':to': `${prefix.slice(0, -1)}$`,
  });
  if (beginsWith.items !== between.items) throw new Error('the two site queries disagree');
  return { beginsWithP50Ms: beginsWith.p50, betweenP50Ms: between.p50, items: between.items };
}
