import '../environment';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoPortalInventoryWriter } from '../../../functions/core/adapters/dynamodb/portal-inventory.writer';
import { keys } from '../../../functions/core/adapters/dynamodb/table-design';
import type { ProductRecord, SupportStatus } from '../../../functions/core/domain/portal';
import { InvalidCursorError } from '../../../functions/core/ports';
import { dynamo, resetAws } from '../aws';

const TABLE = 'portico-adapter-tests';
const ORG = 'org-acme';
const TODAY = '2025-03-03';
/** The imports' moment: a Monday afternoon, after that week's digest time. */
const IMPORTED_AT = new Date(`${TODAY}T14:00:00.000Z`);

const inventory = new DynamoPortalInventoryWriter(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
  TABLE,
);

function record(serviceTag: string, overrides: Partial<ProductRecord> = {}): ProductRecord {
  return {
    serviceTag,
    model: 'PowerEdge R760',
    family: 'PowerEdge',
    siteId: 'MUC-1',
    supportEndDate: '2027-06-30',
    ...overrides,
  };
}

/** A product item as the adapter stores it (with its model key; `legacy` leaves it out, as stored before). */
function productItem(product: ProductRecord, supportStatus: SupportStatus, revision: number, legacy = false) {
  return {
    ...keys.product(ORG, product.serviceTag),
    entity: 'PRODUCT',
    ...product,
    ...(legacy ? {} : { modelKey: product.model.toLowerCase() }),
    supportStatus,
    revision,
  };
}

type Item = Record<string, unknown>;

/** Batch reads answered from `stored` (a function, so a test can change the table between reads). */
function batchReadsFrom(stored: () => Item[]) {
  dynamo.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => {
    const wanted = input.RequestItems?.[TABLE]?.Keys ?? [];
    return {
      Responses: {
        [TABLE]: stored().filter((item) =>
          wanted.some((key) => key['pk'] === item['pk'] && key['sk'] === item['sk']),
        ),
      },
    };
  });
}

function transactions(): TransactWriteCommandInput[] {
  return dynamo.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
}

function cancelled(...codes: string[]) {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

beforeEach(() => {
  resetAws();
});

describe('DynamoPortalInventoryWriter.importProducts', () => {
  it('writes changed products only, with the site counters moved by summed deltas in the same transaction', async () => {
    const unchanged = record('SAME');
    const moved = record('MOVED');
    batchReadsFrom(() => [productItem(unchanged, 'ACTIVE', 3), productItem(moved, 'ACTIVE', 7)]);
    dynamo.on(TransactWriteCommand).resolves({});

    const outcomes = await inventory.importProducts(
      ORG,
      [
        unchanged,
        { ...moved, siteId: 'PAR-1', supportEndDate: TODAY },
        record('NEW-1'),
        record('NEW-2', { family: 'Latitude', supportEndDate: '2025-01-01' }),
      ],
      IMPORTED_AT,
    );

    expect(outcomes).toEqual([
      { key: 'SAME', result: 'UNCHANGED' },
      { key: 'MOVED', result: 'UPDATED' },
      { key: 'NEW-1', result: 'CREATED' },
      { key: 'NEW-2', result: 'CREATED' },
    ]);
    const [transaction] = transactions();
    expect(transactions()).toHaveLength(1);
    const actions = transaction?.TransactItems ?? [];
    // Each product, then its model entry; the site counters last.
    expect(actions.map((action) => Object.keys(action)[0])).toEqual([
      'Put',
      'Put',
      'Put',
      'Put',
      'Put',
      'Put',
      'Update',
      'Update',
    ]);
    expect(actions[0]?.Put).toMatchObject({
      Item: {
        ...keys.product(ORG, 'MOVED'),
        ...keys.productAtSite(ORG, 'PAR-1', 'PowerEdge', 'MOVED'),
        ...keys.productOfFamily(ORG, 'PowerEdge', 'PAR-1', 'MOVED'),
        ...keys.due('SUPPORT_STATUS', `${ORG}/MOVED`, new Date('2025-03-04T00:00:00.000Z')),
        ...keys.productBySupportEnd(ORG, TODAY, 'MOVED'),
        modelKey: 'poweredge r760',
        supportStatus: 'EXPIRING',
        revision: 8,
      },
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': 7 },
    });
    expect(actions[1]?.Put).toEqual({
      TableName: TABLE,
      Item: expect.objectContaining({
        ...keys.productModel(ORG, 'poweredge r760', 'MOVED'),
        entity: 'PRODUCT_MODEL',
        siteId: 'PAR-1',
        supportStatus: 'EXPIRING',
        revision: 8,
      }),
    });
    expect(actions[2]?.Put).toMatchObject({
      Item: { serviceTag: 'NEW-1', supportStatus: 'ACTIVE', revision: 0 },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    // Expired: the job has nothing left to do for it, so it is not in the byDue index.
    expect(actions[4]?.Put?.Item).not.toHaveProperty('duePk');
    expect(actions[4]?.Put?.Item).toMatchObject({ supportStatus: 'EXPIRED' });

    const counters = Object.fromEntries(
      actions.slice(6).map((action) => {
        const update = action.Update;
        const names = update?.ExpressionAttributeNames ?? {};
        const values = update?.ExpressionAttributeValues ?? {};
        expect(update?.ConditionExpression).toBe('attribute_exists(pk)');
        expect(update?.UpdateExpression).toMatch(/^ADD /);
        const deltas = Object.fromEntries(
          Object.keys(names).map((name) => [names[name], values[name.replace('#c', ':d')]]),
        );
        return [String(update?.Key?.['sk']), deltas];
      }),
    );
    // MOVED leaves MUC-1's PowerEdge ACTIVE cell as NEW-1 enters it: the deltas cancel and are not sent.
    expect(counters).toEqual({
      'SITE#MUC-1': { 'c#Latitude#EXPIRED': 1 },
      'SITE#PAR-1': { 'c#PowerEdge#EXPIRING': 1 },
    });
  });

  it('writes nothing when every row is what is stored', async () => {
    const product = record('SAME');
    batchReadsFrom(() => [productItem(product, 'ACTIVE', 0)]);

    expect(await inventory.importProducts(ORG, [product], IMPORTED_AT)).toEqual([
      { key: 'SAME', result: 'UNCHANGED' },
    ]);
    expect(transactions()).toEqual([]);
  });

  it("schedules the organization's digest, if missing, for the next Monday 06:00 after the import's moment", async () => {
    batchReadsFrom(() => []);
    dynamo.on(TransactWriteCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});

    // 2025-03-03 is a Monday: an import at 14:00 is after that day's digest, which is not backdated.
    await inventory.importProducts(ORG, [record('NEW-1')], IMPORTED_AT);
    await inventory.importProducts(ORG, [record('NEW-2')], new Date(`${TODAY}T05:59:00.000Z`));

    const schedules = dynamo
      .commandCalls(UpdateCommand)
      .map((call) => call.args[0].input)
      .filter((input) => input.Key?.['sk'] === keys.digestSchedule(ORG).sk);
    expect(schedules.map((input) => input.ExpressionAttributeValues?.[':dueSk'])).toEqual([
      `2025-03-10T06:00:00.000Z#${ORG}`,
      `2025-03-03T06:00:00.000Z#${ORG}`,
    ]);
    expect(schedules[0]?.UpdateExpression).toContain('dueSk = if_not_exists(dueSk, :dueSk)');
  });

  it('keeps every transaction within 100 actions, products plus their site items', async () => {
    batchReadsFrom(() => []);
    dynamo.on(TransactWriteCommand).resolves({});
    const rows = Array.from({ length: 250 }, (_, index) =>
      record(`TAG-${index}`, { siteId: `SITE-${index % 3}` }),
    );

    await inventory.importProducts(ORG, rows, IMPORTED_AT);

    const sizes = transactions().map((transaction) => transaction.TransactItems?.length ?? 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    const puts = transactions()
      .flatMap((transaction) => transaction.TransactItems ?? [])
      .filter((a) => a.Put?.Item?.['entity'] === 'PRODUCT');
    expect(puts).toHaveLength(250);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(3);
  });

  it('reads a chunk again after losing a race, and judges its rows against what the other writer stored', async () => {
    const product = record('RACED');
    let stored: Item[] = [];
    batchReadsFrom(() => stored);
    dynamo
      .on(TransactWriteCommand)
      .callsFakeOnce(() => {
        // Another import wrote the same product meanwhile.
        stored = [productItem(product, 'ACTIVE', 0)];
        throw cancelled('ConditionalCheckFailed', 'None');
      })
      .resolves({});

    const outcomes = await inventory.importProducts(ORG, [product], IMPORTED_AT);

    expect(outcomes).toEqual([{ key: 'RACED', result: 'UNCHANGED' }]);
    expect(transactions()).toHaveLength(1);
  });

  it('retries a changed product over the revision it reads again', async () => {
    const product = record('RACED');
    let stored: Item[] = [productItem(product, 'ACTIVE', 1)];
    batchReadsFrom(() => stored);
    dynamo
      .on(TransactWriteCommand)
      .callsFakeOnce(() => {
        stored = [productItem({ ...product, family: 'Latitude' }, 'ACTIVE', 2)];
        throw cancelled('ConditionalCheckFailed', 'None');
      })
      .resolves({});

    await inventory.importProducts(ORG, [{ ...product, siteId: 'PAR-1' }], IMPORTED_AT);

    const retry = transactions()[1]?.TransactItems ?? [];
    expect(retry[0]?.Put?.ExpressionAttributeValues).toEqual({ ':expected': 2 });
    const decrement = retry.find((action) => action.Update?.Key?.['sk'] === 'SITE#MUC-1')?.Update;
    expect(Object.values(decrement?.ExpressionAttributeNames ?? {})).toEqual(['c#Latitude#ACTIVE']);
  });

  it('writes a product stored before the search keys again, once, and moves its model entry with its model', async () => {
    const legacy = record('OLD');
    const renamed = record('RENAMED');
    batchReadsFrom(() => [productItem(legacy, 'ACTIVE', 0, true), productItem(renamed, 'ACTIVE', 2)]);
    dynamo.on(TransactWriteCommand).resolves({});

    const outcomes = await inventory.importProducts(
      ORG,
      [legacy, { ...renamed, model: 'PowerEdge R770' }],
      IMPORTED_AT,
    );

    expect(outcomes).toEqual([
      { key: 'OLD', result: 'UPDATED' },
      { key: 'RENAMED', result: 'UPDATED' },
    ]);
    const actions = transactions()[0]?.TransactItems ?? [];
    expect(actions.filter((action) => action.Delete).map((action) => action.Delete?.Key)).toEqual([
      keys.productModel(ORG, 'poweredge r760', 'RENAMED'),
    ]);
    expect(
      actions
        .filter((action) => action.Put?.Item?.['entity'] === 'PRODUCT_MODEL')
        .map((a) => a.Put?.Item?.['sk']),
    ).toEqual([
      keys.productModel(ORG, 'poweredge r760', 'OLD').sk,
      keys.productModel(ORG, 'poweredge r770', 'RENAMED').sk,
    ]);
  });

  it('fails, naming the site, when a product’s site does not exist', async () => {
    batchReadsFrom(() => []);
    dynamo.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed'));

    await expect(
      inventory.importProducts(ORG, [record('X', { siteId: 'GONE' })], IMPORTED_AT),
    ).rejects.toThrow(/site GONE/);
  });
});

describe('DynamoPortalInventoryWriter.importSites', () => {
  it('sets the descriptive fields of new and changed sites only, never their counters', async () => {
    const munich = { siteId: 'MUC-1', name: 'Munich', address: 'Street 1', city: 'Munich', country: 'DE' };
    batchReadsFrom(() => [
      { ...keys.site(ORG, 'MUC-1'), entity: 'SITE', ...munich, 'c#PowerEdge#ACTIVE': 4 },
    ]);
    dynamo.on(UpdateCommand).resolves({});

    const outcomes = await inventory.importSites(ORG, [
      munich,
      { ...munich, siteId: 'PAR-1', city: 'Paris', country: 'FR' },
    ]);

    expect(outcomes).toEqual([
      { key: 'MUC-1', result: 'UNCHANGED' },
      { key: 'PAR-1', result: 'CREATED' },
    ]);
    const updates = dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.Key).toEqual(keys.site(ORG, 'PAR-1'));
    expect(updates[0]?.UpdateExpression).toMatch(/^SET /);
    expect(updates[0]?.UpdateExpression).not.toMatch(/ADD|c#/);
  });
});

describe('DynamoPortalInventoryWriter.rollSupportStatus', () => {
  it('moves the product and its counter in one transaction conditioned on the revision read', async () => {
    const product = record('TAG', { supportEndDate: '2025-06-01' });
    dynamo.on(GetCommand).resolves({ Item: productItem(product, 'ACTIVE', 4) });
    dynamo.on(TransactWriteCommand).resolves({});

    expect(await inventory.rollSupportStatus(`${ORG}/TAG`, TODAY)).toBe(true);

    const [productUpdate, modelEntry, siteUpdate] = transactions()[0]?.TransactItems ?? [];
    expect(modelEntry?.Put?.Item).toMatchObject({
      ...keys.productModel(ORG, 'poweredge r760', 'TAG'),
      supportStatus: 'EXPIRING',
      revision: 5,
    });
    expect(productUpdate?.Update).toMatchObject({
      Key: keys.product(ORG, 'TAG'),
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: {
        ':status': 'EXPIRING',
        ':expected': 4,
        ':next': 5,
        ':dueSk': `2025-06-02T00:00:00.000Z#${ORG}/TAG`,
      },
    });
    expect(siteUpdate?.Update).toMatchObject({
      Key: keys.site(ORG, 'MUC-1'),
      ExpressionAttributeNames: { '#c0': 'c#PowerEdge#ACTIVE', '#c1': 'c#PowerEdge#EXPIRING' },
      ExpressionAttributeValues: { ':d0': -1, ':d1': 1 },
    });
  });

  it('answers false, writing nothing, for a product already at its status or gone', async () => {
    const product = record('TAG', { supportEndDate: '2027-06-01' });
    dynamo
      .on(GetCommand)
      .resolvesOnce({
        Item: {
          ...productItem(product, 'ACTIVE', 0),
          ...keys.due('SUPPORT_STATUS', `${ORG}/TAG`, new Date('2027-03-03T00:00:00.000Z')),
        },
      })
      .resolves({});

    expect(await inventory.rollSupportStatus(`${ORG}/TAG`, TODAY)).toBe(false);
    expect(await inventory.rollSupportStatus(`${ORG}/GONE`, TODAY)).toBe(false);
    expect(dynamo.commandCalls(TransactWriteCommand)).toEqual([]);
    expect(dynamo.commandCalls(UpdateCommand)).toEqual([]);
  });
});

describe('DynamoPortalInventory reads', () => {
  it('reads site counters back as families by status', async () => {
    dynamo.on(QueryCommand).resolves({
      Items: [
        {
          ...keys.site(ORG, 'MUC-1'),
          siteId: 'MUC-1',
          name: 'Munich',
          address: 'Street 1',
          city: 'Munich',
          country: 'DE',
          'c#PowerEdge#ACTIVE': 3,
          'c#PowerEdge#EXPIRED': 1,
          'c#Rugged Tablet#EXPIRING': 2,
        },
      ],
    });

    const [site] = await inventory.siteCounters(ORG);

    expect(site?.families).toEqual({
      PowerEdge: { ACTIVE: 3, EXPIRING: 0, EXPIRED: 1 },
      'Rugged Tablet': { ACTIVE: 0, EXPIRING: 2, EXPIRED: 0 },
    });
  });

  it('lists products segment by segment, with a cursor that resumes where the page stopped', async () => {
    const item = (serviceTag: string, siteId: string) => ({
      ...productItem(record(serviceTag, { siteId }), 'ACTIVE', 0),
      ...keys.productAtSite(ORG, siteId, 'PowerEdge', serviceTag),
    });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#A` } })
      .resolves({ Items: [item('T1', 'A')] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#B` } })
      .resolves({ Items: [item('T2', 'B'), item('T3', 'B')], LastEvaluatedKey: undefined });
    const scope = { sites: new Set(['B', 'A']), families: 'ALL' as const };

    const first = await inventory.productPage(ORG, { scope, limit: 2 });

    expect(first.items.map((product) => product.serviceTag)).toEqual(['T1', 'T2']);
    expect(first.cursor).toBeDefined();
    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => [query.IndexName, query.Limit])).toEqual([
      ['byCollection', 2],
      ['byCollection', 1],
    ]);

    dynamo.resetHistory();
    await inventory.productPage(ORG, { scope, limit: 2, cursor: first.cursor });
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExclusiveStartKey).toMatchObject({
      sk: 'PRODUCT#T2',
      collectionPk: `SITEPRODUCTS#${ORG}#B`,
    });
  });

  it('filters by status on the query, and refuses a cursor of another list', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const everything = { sites: 'ALL' as const, families: 'ALL' as const };

    await inventory.productPage(ORG, { scope: everything, status: 'EXPIRED', limit: 10 });

    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      FilterExpression: '#status = :status',
      ExpressionAttributeValues: {
        ':pk': `ORG#${ORG}`,
        ':low': 'PRODUCT#',
        ':high': 'PRODUCT$',
        ':status': 'EXPIRED',
      },
    });
    const foreign = Buffer.from(JSON.stringify({ s: 0, k: { pk: 'ORG#other', sk: 'PRODUCT#X' } })).toString(
      'base64url',
    );
    await expect(
      inventory.productPage(ORG, { scope: everything, limit: 10, cursor: foreign }),
    ).rejects.toThrow(InvalidCursorError);
    await expect(
      inventory.productPage(ORG, { scope: everything, limit: 10, cursor: 'nonsense' }),
    ).rejects.toThrow(InvalidCursorError);
  });
});

describe('DynamoPortalInventory.productPage sized by the site counters', () => {
  /** A site's counters: `family` → [ACTIVE, EXPIRING, EXPIRED]. */
  function counters(siteId: string, families: Record<string, [number, number, number]>) {
    return {
      siteId,
      name: siteId,
      address: '',
      city: '',
      country: 'DE',
      families: Object.fromEntries(
        Object.entries(families).map(([family, [ACTIVE, EXPIRING, EXPIRED]]) => [
          family,
          { ACTIVE, EXPIRING, EXPIRED },
        ]),
      ),
    };
  }
  const item = (serviceTag: string, siteId: string) => ({
    ...productItem(record(serviceTag, { siteId }), 'ACTIVE', 0),
    ...keys.productAtSite(ORG, siteId, 'PowerEdge', serviceTag),
  });

  it('reads the segments the page will reach side by side, each sized to what it holds', async () => {
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#A` } })
      .resolves({ Items: [item('A1', 'A'), item('A2', 'A')] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#B` } })
      .resolves({ Items: [item('B1', 'B'), item('B2', 'B')] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#C` } })
      .resolves({ Items: [item('C1', 'C'), item('C2', 'C')] });
    // 3 sites × 40 families is over MAX_PAIR_SEGMENTS: one segment per site, families filtered.
    const families = new Set(Array.from({ length: 40 }, (_, index) => `F${index}`));
    const scope = { sites: new Set(['A', 'B', 'C']), families };
    // 20 of 400 pass the filter.
    const site = (id: string) => counters(id, { F0: [10, 0, 0], F1: [10, 0, 0], Other: [380, 0, 0] });

    const page = await inventory.productPage(ORG, {
      scope,
      limit: 50,
      counters: [site('A'), site('B'), site('C'), site('D')],
    });

    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    // A and B hold 40 of the 50 wanted: each read whole (400 items and a margin); C sized for the last 10
    // (1 in 20 kept: 200 and a margin).
    expect(queries.map((query) => [query.ExpressionAttributeValues?.[':pk'], query.Limit])).toEqual([
      [`SITEPRODUCTS#${ORG}#A`, 520],
      [`SITEPRODUCTS#${ORG}#B`, 520],
      [`SITEPRODUCTS#${ORG}#C`, 270],
    ]);
    // The mocks hold 2 products a site: all of them, in segment order, and C was the last segment.
    expect(page.items.map((product) => product.serviceTag)).toEqual(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
    expect(page.cursor).toBeUndefined();
  });

  /** Products of one (site, family) pair, answered by its query (or by a run's query that starts there). */
  function pairItems(siteId: string, family: string, count: number) {
    return Array.from({ length: count }, (_, index) => ({
      ...productItem(record(`${siteId}${family}-${index}`, { siteId, family }), 'ACTIVE', 0),
      ...keys.productAtSite(ORG, siteId, family, `${siteId}${family}-${index}`),
    }));
  }
  function answerPair(
    siteId: string,
    family: string,
    answer: { Items: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, string> },
  ) {
    dynamo
      .on(QueryCommand, {
        ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#${siteId}`, ':low': `${family}#` },
      })
      .callsFake((input: { Limit?: number }) => ({ ...answer, Items: answer.Items.slice(0, input.Limit) }));
  }

  it("reads a restricted member's (site, family) pairs side by side, small neighbours as one query", async () => {
    answerPair('A', 'F1', { Items: pairItems('A', 'F1', 30) });
    answerPair('A', 'F3', { Items: pairItems('A', 'F3', 10) });
    answerPair('B', 'F1', { Items: pairItems('B', 'F1', 100) });
    // 2 sites × 3 families: six pairs, each its own key range.
    const scope = { sites: new Set(['A', 'B']), families: new Set(['F1', 'F2', 'F3']) };

    const page = await inventory.productPage(ORG, {
      scope,
      limit: 50,
      counters: [
        // F2x is hidden and sorts between F2 and F3 ('F2#' < 'F2x#' < 'F3#'); Z is hidden and last.
        counters('A', { F1: [30, 0, 0], F2x: [5000, 0, 0], F3: [10, 0, 0], Z: [5000, 0, 0] }),
        counters('B', { F1: [100, 0, 0], Z: [5000, 0, 0] }),
      ],
    });

    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    // One round: A's F1 and F2 (30 and none, nothing hidden between) as one query of their range, families
    // filtered; A's F3 apart (5,000 hidden products lie between); B's F1 for the last 10. No hidden product read.
    expect(
      queries.map((query) => [
        query.ExpressionAttributeValues?.[':pk'],
        query.ExpressionAttributeValues?.[':low'],
        query.ExpressionAttributeValues?.[':high'],
        query.Limit,
        query.FilterExpression,
      ]),
    ).toEqual([
      [`SITEPRODUCTS#${ORG}#A`, 'F1#', 'F2$', 58, '(#run IN (:run0_0, :run0_1))'],
      [`SITEPRODUCTS#${ORG}#A`, 'F3#', 'F3$', 20, undefined],
      [`SITEPRODUCTS#${ORG}#B`, 'F1#', 'F1$', 10, undefined],
    ]);
    expect(page.items).toHaveLength(50);
    expect(page.items.at(-1)?.serviceTag).toBe('BF1-9');
    expect(page.cursor).toBeDefined();
  });

  it('resumes a run of pairs that stopped in a hidden family at the next pair, from its start', async () => {
    answerPair('A', 'F1', {
      Items: pairItems('A', 'F1', 5),
      LastEvaluatedKey: { pk: 'x', sk: 'y', collectionPk: `SITEPRODUCTS#${ORG}#A`, collectionSk: 'F1a#Q1' },
    });
    answerPair('A', 'F2', { Items: pairItems('A', 'F2', 5) });

    const page = await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: new Set(['F1', 'F2']) },
      limit: 50,
      counters: [counters('A', { F1: [5, 0, 0], F1a: [10, 0, 0], F2: [5, 0, 0] })],
    });

    const queries = dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(queries.map((query) => [query.ExpressionAttributeValues?.[':low'], query.Limit])).toEqual([
      ['F1#', 45],
      ['F2#', 45],
    ]);
    expect(queries[1]?.ExclusiveStartKey).toBeUndefined();
    expect(page.items.map((product) => product.serviceTag)).toEqual([
      ...pairItems('A', 'F1', 5).map((item) => item.serviceTag),
      ...pairItems('A', 'F2', 5).map((item) => item.serviceTag),
    ]);
    expect(page.cursor).toBeUndefined();
  });

  it('drops the answers after a segment that stopped short, and resumes there', async () => {
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#A` } })
      .resolvesOnce({ Items: [item('A1', 'A')], LastEvaluatedKey: { pk: 'x', sk: 'y' } })
      .resolves({ Items: [item('A2', 'A')] });
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': `SITEPRODUCTS#${ORG}#B` } })
      .resolves({ Items: [item('B1', 'B')] });
    const scope = { sites: new Set(['A', 'B']), families: 'ALL' as const };

    const page = await inventory.productPage(ORG, {
      scope,
      limit: 4,
      counters: [counters('A', { F: [2, 0, 0] }), counters('B', { F: [2, 0, 0] })],
      status: 'ACTIVE',
    });

    // Both read in the first round; B's answer is dropped, A read on from where it stopped.
    const pks = dynamo
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk']);
    expect(pks).toEqual([
      `SITEPRODUCTS#${ORG}#A`,
      `SITEPRODUCTS#${ORG}#B`,
      `SITEPRODUCTS#${ORG}#A`,
      `SITEPRODUCTS#${ORG}#B`,
    ]);
    expect(dynamo.commandCalls(QueryCommand)[2]?.args[0].input.ExclusiveStartKey).toEqual({
      pk: 'x',
      sk: 'y',
    });
    expect(page.items.map((product) => product.serviceTag)).toEqual(['A1', 'A2', 'B1']);
  });

  it('sizes a search or sorted list by the share of the organization its filter keeps', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const all = [counters('A', { F: [100, 0, 0] }), counters('B', { F: [900, 0, 0] })];

    await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: 'ALL' },
      order: 'supportEndDate',
      limit: 50,
      counters: all,
    });
    await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: 'ALL' },
      search: { serviceTag: { value: 'AB', exact: false } },
      limit: 50,
      counters: all,
    });
    await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: 'ALL' },
      search: { serviceTag: { value: 'AB', exact: false } },
      limit: 50,
    });

    await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: 'ALL' },
      search: { model: 'latitude' },
      limit: 50,
      counters: all,
    });

    // 1 in 10 kept: 50 wanted → 500 and a margin; without counters, or for a model range (a model is of one
    // family: the organization's share says nothing of it), as before: 200.
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([
      645, 645, 200, 200,
    ]);
  });
});

describe('DynamoPortalInventory.productPage sized by what its last query kept', () => {
  it('sizes the next query of a filter the counters cannot size by the share the last one kept', async () => {
    // A model filter in a service tag range: 200 read, 8 kept (1 in 25); 42 more wanted.
    const kept = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) =>
        productItem(record(`AB${String(from + index).padStart(3, '0')}`), 'ACTIVE', 0),
      );
    dynamo
      .on(QueryCommand)
      .resolvesOnce({
        Items: kept(0, 8),
        Count: 8,
        ScannedCount: 200,
        LastEvaluatedKey: { pk: 'p', sk: 's' },
      })
      .resolves({ Items: kept(8, 50), Count: 50, ScannedCount: 1_300 });

    const page = await inventory.productPage(ORG, {
      scope: { sites: 'ALL', families: 'ALL' },
      search: { serviceTag: { value: 'AB', exact: false }, model: 'servers-1' },
      limit: 50,
    });

    expect(page.items).toHaveLength(50);
    // 42 ÷ (8 ÷ 200) × 1.25 + 20: two queries, where 200 at a time took seven.
    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([200, 1_333]);
  });

  it('reads at most MAX_SIZED_LIMIT next when the last query kept nothing', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [], Count: 0, ScannedCount: 200, LastEvaluatedKey: { pk: 'p', sk: 's' } })
      .resolves({ Items: [], Count: 0, ScannedCount: 10 });

    await inventory.productPage(ORG, {
      scope: { sites: new Set(['A']), families: 'ALL' },
      search: { model: 'latitude' },
      limit: 50,
    });

    expect(dynamo.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([200, 5_000]);
  });
});

describe('DynamoPortalInventory.productPage search and sort', () => {
  const everything = { sites: 'ALL', families: 'ALL' } as const;

  it('reads a model prefix as a key range of the model entries, with the scope and status as a filter', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await inventory.productPage(ORG, {
      scope: { sites: new Set(['MUC-1']), families: 'ALL' },
      status: 'EXPIRING',
      search: { model: 'poweredge r7' },
      limit: 25,
    });

    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':pk': `ORG#${ORG}`,
        ':low': 'MODEL#poweredge r7',
        ':high': 'MODEL#poweredge r7\u{10FFFF}',
        ':site0_0': 'MUC-1',
        ':status': 'EXPIRING',
      },
      FilterExpression: '(#site IN (:site0_0)) AND #status = :status',
    });
  });

  it('reads an exact service tag as a one-key range, and a prefix up to the last tag beginning with it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await inventory.productPage(ORG, {
      scope: everything,
      search: { serviceTag: { value: 'ABC', exact: true } },
      limit: 5,
    });
    await inventory.productPage(ORG, {
      scope: everything,
      search: { serviceTag: { value: 'ABC', exact: false } },
      limit: 5,
    });

    const [exact, prefix] = dynamo
      .commandCalls(QueryCommand)
      .map((call) => call.args[0].input.ExpressionAttributeValues);
    expect(exact).toEqual({ ':pk': `ORG#${ORG}`, ':low': 'PRODUCT#ABC', ':high': 'PRODUCT#ABC' });
    expect(prefix).toEqual({ ':pk': `ORG#${ORG}`, ':low': 'PRODUCT#ABC', ':high': 'PRODUCT#ABC~' });
  });

  it('reads the bySupportEnd index backwards for latest first, and refuses a cursor of another list', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });

    await inventory.productPage(ORG, { scope: everything, order: '-supportEndDate', limit: 5 });

    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'bySupportEnd',
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeValues: { ':pk': `SUPPORTEND#${ORG}` },
      ScanIndexForward: false,
    });
    const foreign = Buffer.from(JSON.stringify({ s: 0, k: { pk: 'ORG#other', sk: 'PRODUCT#X' } })).toString(
      'base64url',
    );
    await expect(
      inventory.productPage(ORG, { scope: everything, order: 'supportEndDate', limit: 5, cursor: foreign }),
    ).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
