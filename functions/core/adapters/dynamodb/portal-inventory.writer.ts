import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  dayOf,
  parseProductRef,
  productRef,
  sameProductRecord,
  sameSite,
  supportStatusDueAt,
  supportStatusOn,
  type Product,
  type ProductRecord,
  type Site,
  type SupportStatus,
} from '../../domain/portal';
import { modelKey } from '../../domain/product-search';
import { ConcurrentUpdateError, type ImportOutcome, type PortalInventoryWriter } from '../../ports';
import {
  backoffMs,
  counterAttribute,
  DynamoPortalInventory,
  MAX_WRITE_ATTEMPTS,
  productOf,
  storedProduct,
  type StoredProduct,
} from './portal-inventory.store';
import { nextDigestAt } from '../../domain/support-digest';
import { ensureDigestScheduled } from './support-digest.store';
import { keys } from './table-design';

/** Most actions in one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
/** Site items updated at once by an import. */
const SITE_WRITE_CONCURRENCY = 8;
function lostRace(error: unknown): error is TransactionCanceledException {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
    )
  );
}

async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Counter deltas per site item: siteId → counter attribute → delta. */
class CounterDeltas {
  private readonly bySite = new Map<string, Map<string, number>>();

  add(siteId: string, family: string, status: SupportStatus, delta: number): void {
    let counters = this.bySite.get(siteId);
    if (!counters) this.bySite.set(siteId, (counters = new Map()));
    const name = counterAttribute(family, status);
    counters.set(name, (counters.get(name) ?? 0) + delta);
  }

  /** The sites whose counters change, each with its non-zero deltas. */
  changes(): Array<{ readonly siteId: string; readonly deltas: ReadonlyArray<readonly [string, number]> }> {
    return [...this.bySite].flatMap(([siteId, counters]) => {
      const deltas = [...counters].filter(([, delta]) => delta !== 0);
      return deltas.length > 0 ? [{ siteId, deltas }] : [];
    });
  }
}

/** What writing one product does: the item as read (if any) and the status it is written with. */
interface ProductChange {
  readonly record: ProductRecord;
  readonly before?: StoredProduct | undefined;
  readonly supportStatus: SupportStatus;
}

/** The model entry a stored product has, if it has one (products stored before entries existed have none). */
function storedModelKey(product: StoredProduct | undefined): string | undefined {
  return product?.modelKey;
}

/** Actions of one product in a transaction: the product, its model entry, and the old entry it leaves. */
function productActions(change: ProductChange): number {
  const old = storedModelKey(change.before);
  return old !== undefined && old !== modelKey(change.record.model) ? 3 : 2;
}

/** Sites an import change touches: its new site, and the one it leaves. */
function sitesOf(change: ProductChange): string[] {
  const { before, record } = change;
  return before && before.siteId !== record.siteId ? [record.siteId, before.siteId] : [record.siteId];
}

/**
 * The inventory's writes (imports and the support-status job) beside its reads: a class of its own so that
 * only the import and jobs functions bundle them.
 */
export class DynamoPortalInventoryWriter extends DynamoPortalInventory implements PortalInventoryWriter {
  async importSites(organizationId: string, sites: readonly Site[]): Promise<ImportOutcome[]> {
    const stored = new Map(
      (
        await this.getSites(
          organizationId,
          sites.map((site) => site.siteId),
        )
      ).map((site) => [site.siteId, site]),
    );
    const outcomes: ImportOutcome[] = [];
    const writes = new Map<string, Site>();
    for (const site of sites) {
      const before = stored.get(site.siteId);
      if (before && sameSite(before, site)) {
        outcomes.push({ key: site.siteId, result: 'UNCHANGED' });
        continue;
      }
      outcomes.push({ key: site.siteId, result: before ? 'UPDATED' : 'CREATED' });
      stored.set(site.siteId, site);
      writes.set(site.siteId, site);
    }
    await forEachLimited([...writes.values()], SITE_WRITE_CONCURRENCY, (site) =>
      this.writeSite(organizationId, site),
    );
    return outcomes;
  }

  async importProducts(
    organizationId: string,
    products: readonly ProductRecord[],
    at: Date,
  ): Promise<ImportOutcome[]> {
    const today = dayOf(at);
    const seen = new Set<string>();
    for (const product of products) {
      if (seen.has(product.serviceTag))
        throw new Error(`service tag ${product.serviceTag} is imported twice`);
      seen.add(product.serviceTag);
    }
    const results = new Map<string, ImportOutcome['result']>();
    await this.writeProducts(organizationId, products, today, results, 1);
    // An organization with products gets the weekly support-expiry digest (one small write per import).
    if (products.length > 0) {
      await ensureDigestScheduled(this.documents, this.tableName, organizationId, nextDigestAt(at));
    }
    return products.map((product) => ({
      key: product.serviceTag,
      result: results.get(product.serviceTag) ?? 'UNCHANGED',
    }));
  }

  async rollSupportStatus(ref: string, today: string): Promise<boolean> {
    const parsed = parseProductRef(ref);
    if (!parsed) return false;
    const { organizationId, serviceTag } = parsed;
    for (let attempt = 1; ; attempt++) {
      const { Item } = await this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.product(organizationId, serviceTag),
          ConsistentRead: true,
        }),
      );
      if (!Item) return false;
      const before = storedProduct.parse(Item);
      const supportStatus = supportStatusOn(before.supportEndDate, today);
      try {
        if (supportStatus === before.supportStatus) {
          await this.repairDueKeys(organizationId, before);
          return false;
        }
        const deltas = new CounterDeltas();
        deltas.add(before.siteId, before.family, before.supportStatus, -1);
        deltas.add(before.siteId, before.family, supportStatus, +1);
        const due = this.dueKeys(organizationId, { ...before, supportStatus });
        const fields = this.productFields(
          organizationId,
          { ...productOf(before), supportStatus },
          before.revision + 1,
        );
        const sorted = keys.productBySupportEnd(organizationId, before.supportEndDate, serviceTag);
        // The search keys are set too: a product stored before they existed gets them on its next roll.
        const set =
          'SET supportStatus = :status, revision = :next, modelKey = :modelKey, supportEndPk = :sePk, supportEndSk = :seSk';
        await this.documents.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: keys.product(organizationId, serviceTag),
                  UpdateExpression: due
                    ? `${set}, duePk = :duePk, dueSk = :dueSk`
                    : `${set} REMOVE duePk, dueSk`,
                  ConditionExpression: 'revision = :expected',
                  ExpressionAttributeValues: {
                    ':status': supportStatus,
                    ':next': before.revision + 1,
                    ':expected': before.revision,
                    ':modelKey': fields.modelKey,
                    ':sePk': sorted.supportEndPk,
                    ':seSk': sorted.supportEndSk,
                    ...(due ? { ':duePk': due.duePk, ':dueSk': due.dueSk } : {}),
                  },
                },
              },
              this.modelEntryPut(organizationId, fields),
              ...this.counterUpdates(organizationId, deltas),
            ],
          }),
        );
        return true;
      } catch (error) {
        if (!lostRace(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
        await sleep(backoffMs(attempt));
      }
    }
  }

  /**
   * Writes the products that differ from what is stored, in transactions of at most 100 actions (products
   * and the site items whose counters they move). A transaction that lost a race is read again and retried
   * on its own, so a row that someone else wrote meanwhile is judged against what they wrote.
   */
  private async writeProducts(
    organizationId: string,
    records: readonly ProductRecord[],
    today: string,
    results: Map<string, ImportOutcome['result']>,
    attempt: number,
  ): Promise<void> {
    const stored = new Map(
      (
        await this.storedProducts(
          organizationId,
          records.map((record) => record.serviceTag),
        )
      ).map((product) => [product.serviceTag, product]),
    );
    const changes: ProductChange[] = [];
    for (const record of records) {
      const before = stored.get(record.serviceTag);
      // A product stored before the search keys existed is written again (once) to get them.
      if (before && sameProductRecord(before, record) && before.modelKey !== undefined) {
        results.set(record.serviceTag, 'UNCHANGED');
        continue;
      }
      changes.push({ record, before, supportStatus: supportStatusOn(record.supportEndDate, today) });
    }
    for (const chunk of this.packTransactions(changes)) {
      try {
        await this.documents.send(
          new TransactWriteCommand({ TransactItems: this.productTransaction(organizationId, chunk) }),
        );
        for (const change of chunk)
          results.set(change.record.serviceTag, change.before ? 'UPDATED' : 'CREATED');
      } catch (error) {
        if (!lostRace(error)) throw error;
        this.throwIfSiteMissing(error, organizationId, chunk);
        if (attempt >= MAX_WRITE_ATTEMPTS) {
          throw new ConcurrentUpdateError('products kept changing while they were imported');
        }
        await sleep(backoffMs(attempt));
        await this.writeProducts(
          organizationId,
          chunk.map((change) => change.record),
          today,
          results,
          attempt + 1,
        );
      }
    }
  }

  /** Greedy chunks whose products (with their model entries) plus distinct site items fit one transaction. */
  private packTransactions(changes: readonly ProductChange[]): ProductChange[][] {
    const packed: ProductChange[][] = [];
    let current: ProductChange[] = [];
    let actions = 0;
    let sites = new Set<string>();
    for (const change of changes) {
      const touched = sitesOf(change);
      const added = touched.filter((siteId) => !sites.has(siteId)).length;
      const own = productActions(change);
      if (current.length > 0 && actions + own + sites.size + added > MAX_TRANSACTION_ITEMS) {
        packed.push(current);
        current = [];
        actions = 0;
        sites = new Set();
      }
      current.push(change);
      actions += own;
      for (const siteId of touched) sites.add(siteId);
    }
    if (current.length > 0) packed.push(current);
    return packed;
  }

  private productTransaction(organizationId: string, chunk: readonly ProductChange[]) {
    const deltas = new CounterDeltas();
    for (const { record, before, supportStatus } of chunk) {
      if (before) deltas.add(before.siteId, before.family, before.supportStatus, -1);
      deltas.add(record.siteId, record.family, supportStatus, +1);
    }
    const counterUpdates = this.counterUpdates(organizationId, deltas);
    // A site whose counter cells net to zero in this chunk gets no ADD, yet must still exist.
    const updated = new Set(counterUpdates.map((update) => update.Update.Key.sk));
    const siteChecks = [...new Set(chunk.map((change) => change.record.siteId))]
      .map((siteId) => keys.site(organizationId, siteId))
      .filter((key) => !updated.has(key.sk))
      .map((key) => ({
        ConditionCheck: { TableName: this.tableName, Key: key, ConditionExpression: 'attribute_exists(pk)' },
      }));
    return [
      ...chunk.flatMap(({ record, before, supportStatus }) => {
        const revision = before ? before.revision + 1 : 0;
        const product = { ...record, supportStatus };
        const fields = this.productFields(organizationId, product, revision);
        const oldEntry = storedModelKey(before);
        return [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.product(organizationId, record.serviceTag),
                ...keys.productAtSite(organizationId, record.siteId, record.family, record.serviceTag),
                ...keys.productOfFamily(organizationId, record.family, record.siteId, record.serviceTag),
                ...keys.productBySupportEnd(organizationId, record.supportEndDate, record.serviceTag),
                ...this.dueKeys(organizationId, product),
                entity: 'PRODUCT',
                ...fields,
              },
              ...(before
                ? {
                    ConditionExpression: 'revision = :expected',
                    ExpressionAttributeValues: { ':expected': before.revision },
                  }
                : { ConditionExpression: 'attribute_not_exists(pk)' }),
            },
          },
          this.modelEntryPut(organizationId, fields),
          ...(oldEntry !== undefined && oldEntry !== fields.modelKey
            ? [
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: keys.productModel(organizationId, oldEntry, record.serviceTag),
                  },
                },
              ]
            : []),
        ];
      }),
      ...counterUpdates,
      ...siteChecks,
    ];
  }

  /** What a product item and its model entry both hold. */
  private productFields(organizationId: string, product: Product, revision: number) {
    return {
      organizationId,
      serviceTag: product.serviceTag,
      model: product.model,
      modelKey: modelKey(product.model),
      family: product.family,
      siteId: product.siteId,
      supportEndDate: product.supportEndDate,
      supportStatus: product.supportStatus,
      revision,
    };
  }

  /** The model entry of a product: a copy under its model's key, written in the product's transaction. */
  private modelEntryPut(
    organizationId: string,
    fields: ReturnType<DynamoPortalInventoryWriter['productFields']>,
  ) {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.productModel(organizationId, fields.modelKey, fields.serviceTag),
          entity: 'PRODUCT_MODEL',
          ...fields,
        },
      },
    };
  }

  /** One ADD per site item whose counters move, each conditioned on the site existing. */
  private counterUpdates(organizationId: string, deltas: CounterDeltas) {
    return deltas.changes().map(({ siteId, deltas: cells }) => {
      const names: Record<string, string> = {};
      const values: Record<string, number> = {};
      const additions = cells.map(([attribute, delta], index) => {
        names[`#c${index}`] = attribute;
        values[`:d${index}`] = delta;
        return `#c${index} :d${index}`;
      });
      return {
        Update: {
          TableName: this.tableName,
          Key: keys.site(organizationId, siteId),
          UpdateExpression: `ADD ${additions.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
  }

  /** A site's condition failing means the caller imported products of a site that does not exist. */
  private throwIfSiteMissing(
    error: TransactionCanceledException,
    organizationId: string,
    chunk: readonly ProductChange[],
  ): void {
    const items = this.productTransaction(organizationId, chunk);
    (error.CancellationReasons ?? []).forEach((reason, index) => {
      const item = items[index];
      if (reason.Code !== 'ConditionalCheckFailed' || !item || 'Put' in item || 'Delete' in item) return;
      const key = 'Update' in item ? item.Update.Key : item.ConditionCheck.Key;
      throw new Error(
        `site ${key.sk.slice('SITE#'.length)} of organization ${organizationId} does not exist`,
      );
    });
  }

  private dueKeys(
    organizationId: string,
    product: Pick<Product, 'serviceTag' | 'supportEndDate' | 'supportStatus'>,
  ): { readonly duePk: string; readonly dueSk: string } | undefined {
    const at = supportStatusDueAt(product);
    return at ? keys.due('SUPPORT_STATUS', productRef(organizationId, product.serviceTag), at) : undefined;
  }

  /** Puts the byDue keys right for the stored status (a product the job was handed too early or twice). */
  private async repairDueKeys(organizationId: string, product: StoredProduct): Promise<void> {
    const due = this.dueKeys(organizationId, product);
    if (due?.dueSk === product.dueSk) return;
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.product(organizationId, product.serviceTag),
        UpdateExpression: due ? 'SET duePk = :duePk, dueSk = :dueSk' : 'REMOVE duePk, dueSk',
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: {
          ':expected': product.revision,
          ...(due ? { ':duePk': due.duePk, ':dueSk': due.dueSk } : {}),
        },
      }),
    );
  }

  private async writeSite(organizationId: string, site: Site): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.site(organizationId, site.siteId),
        UpdateExpression:
          'SET #entity = :entity, #siteId = :siteId, #name = :name, #address = :address, #city = :city, #country = :country',
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#siteId': 'siteId',
          '#name': 'name',
          '#address': 'address',
          '#city': 'city',
          '#country': 'country',
        },
        ExpressionAttributeValues: {
          ':entity': 'SITE',
          ':siteId': site.siteId,
          ':name': site.name,
          ':address': site.address,
          ':city': site.city,
          ':country': site.country,
        },
      }),
    );
  }
}
