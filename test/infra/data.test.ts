import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_DESIGN, TABLE_INDEXES } from '../../functions/core/adapters/dynamodb/table-design';
import { CODE_SECRET_LENGTH } from '../../lib/data';
import { onlyResource, synthPortico } from './support/portico-app';

const { template } = synthPortico();

describe('the Portico table', () => {
  const table = onlyResource(template, 'AWS::DynamoDB::Table');

  it('is keyed by the partition and sort key of TABLE_DESIGN, both strings', () => {
    expect(table.Properties?.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
    ]);
    expect(table.Properties?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: TABLE_DESIGN.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE_DESIGN.sortKey, AttributeType: 'S' },
      ]),
    );
  });

  it('has every index of TABLE_INDEXES (byEmailDomain, byDue, byCollection, byFamily, bySupportEnd), each projecting all attributes', () => {
    // CloudFormation creates (or deletes) at most one global secondary index per table update: a release adds
    // one index at a time, so a deployed table only ever moves one step along this list (docs/portal.md).
    expect(TABLE_INDEXES.map((index) => index.indexName)).toEqual([
      'byEmailDomain',
      'byDue',
      'byCollection',
      'byFamily',
      'bySupportEnd',
    ]);
    expect(table.Properties?.GlobalSecondaryIndexes).toEqual(
      TABLE_INDEXES.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    );
    // The jobs read only the byDue sort key; every other index serves whole items.
    expect(Object.fromEntries(TABLE_INDEXES.map((index) => [index.indexName, index.projection]))).toEqual({
      byEmailDomain: 'ALL',
      byDue: 'KEYS_ONLY',
      byCollection: 'ALL',
      byFamily: 'ALL',
      bySupportEnd: 'ALL',
    });
  });

  it('finds the products of a family by its byFamily index: familyPk, then familySk (site, service tag), all attributes', () => {
    const indexes = table.Properties?.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(indexes.find((index) => index.IndexName === 'byFamily')).toEqual({
      IndexName: 'byFamily',
      KeySchema: [
        { AttributeName: 'familyPk', KeyType: 'HASH' },
        { AttributeName: 'familySk', KeyType: 'RANGE' },
      ],
      // ALL: a page of products is served from the index alone, without a read of each product.
      Projection: { ProjectionType: 'ALL' },
    });
    expect(TABLE_DESIGN.byFamily).toEqual({
      indexName: 'byFamily',
      partitionKey: 'familyPk',
      sortKey: 'familySk',
      projection: 'ALL',
    });
    expect(table.Properties?.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'familyPk', AttributeType: 'S' },
        { AttributeName: 'familySk', AttributeType: 'S' },
      ]),
    );
  });

  it('declares exactly the table and index keys as string attributes', () => {
    const keyNames = [
      TABLE_DESIGN.partitionKey,
      TABLE_DESIGN.sortKey,
      ...TABLE_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    expect(table.Properties?.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(table.Properties?.AttributeDefinitions).toHaveLength(new Set(keyNames).size);
  });

  it('expires items on the TTL attribute of TABLE_DESIGN', () => {
    expect(table.Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DESIGN.timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('is billed per request and keeps point-in-time recovery', () => {
    expect(table.Properties?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties?.PointInTimeRecoverySpecification).toEqual(
      expect.objectContaining({ PointInTimeRecoveryEnabled: true }),
    );
  });

  it('survives a stack deletion or replacement', () => {
    expect(table.Properties?.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('the one-time-code secret', () => {
  it('is a generated string of CODE_SECRET_LENGTH letters and digits', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        PasswordLength: CODE_SECRET_LENGTH,
        ExcludePunctuation: true,
        IncludeSpace: false,
      }),
    });
    expect(CODE_SECRET_LENGTH).toBe(64);
  });
});
