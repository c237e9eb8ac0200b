import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { EXPORT_JOB_STATES, type ExportJob } from '../../domain/export-job';
import { SUPPORT_STATUSES } from '../../domain/portal';
import { EXPORT_FORMATS } from '../../domain/product-export';
import { PRODUCT_ORDERS } from '../../domain/product-search';
import { ConcurrentUpdateError, type ExportJobStore } from '../../ports';
import { keys, TABLE_DESIGN } from './table-design';
import { isConditionFailure } from './transactions';

/** The stored form, checked on every read (keys and bookkeeping attributes are dropped). */
const storedExportJob = z.object({
  exportId: z.string(),
  organizationId: z.string(),
  ownerId: z.string(),
  format: z.enum(EXPORT_FORMATS),
  selection: z.object({
    site: z.optional(z.string()),
    family: z.optional(z.string()),
    status: z.optional(z.enum(SUPPORT_STATUSES)),
    group: z.optional(z.string()),
    serviceTag: z.optional(z.string()),
    match: z.optional(z.enum(['prefix', 'exact'])),
    model: z.optional(z.string()),
    sort: z.optional(z.enum(PRODUCT_ORDERS)),
  }),
  state: z.enum(EXPORT_JOB_STATES),
  createdAt: z.string(),
  startedAt: z.optional(z.string()),
  finishedAt: z.optional(z.string()),
  expiresAt: z.string(),
  count: z.optional(z.number()),
  bytes: z.optional(z.number()),
  asOf: z.optional(z.string()),
  failure: z.optional(z.string()),
});

/**
 * Background exports: one item per job, `pk=ORG#<org>, sk=EXPORT#<owner>#<exportId>` (outside the overview's
 * range), deleted by the table's TTL when the job expires. A job is read by its owner's key only, so nobody
 * else's export can be named. Changes are conditioned on the job being unfinished.
 */
export class DynamoExportJobStore implements ExportJobStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(job: ExportJob) {
    return {
      ...keys.exportJob(job.organizationId, job.ownerId, job.exportId),
      entity: 'EXPORT',
      ...job,
      [TABLE_DESIGN.timeToLiveAttribute]: Math.ceil(Date.parse(job.expiresAt) / 1000),
    };
  }

  async create(job: ExportJob): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(job),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('an export with this id exists');
      throw error;
    }
  }

  async get(organizationId: string, ownerId: string, exportId: string): Promise<ExportJob | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.exportJob(organizationId, ownerId, exportId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedExportJob.parse(Item) : undefined;
  }

  async update(job: ExportJob): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(job),
          ConditionExpression: '#state IN (:queued, :running)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':queued': 'QUEUED', ':running': 'RUNNING' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('the export finished meanwhile');
      throw error;
    }
  }
}
