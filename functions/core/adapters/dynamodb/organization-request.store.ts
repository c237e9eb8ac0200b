import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ReviewRules } from '../../config';
import type { Account } from '../../domain/account';
import { isOpen, type OrganizationRequest } from '../../domain/organization-request';
import { dueWorkOfRequest } from '../../domain/scheduled-work';
import { accountItem } from './account-item';
import { ClaimReleasedError, ConcurrentUpdateError, type OrganizationRequestStore } from '../../ports';
import { keys, REVIEW_COLLECTIONS, TABLE_DESIGN } from './table-design';
import { decodeCollectionCursor, encodeCollectionCursor } from './collection-cursor';
import { storedOrganizationRequest } from './stored-items';
import { isConditionFailure, transactWrite } from './transactions';

type Key = Record<string, string>;

/**
 * Organization requests (pk=ORGREQ#<id>), the one open request per domain (pk=REVIEWDOMAIN#<domain>), and the
 * index keys that list requests for operators (byCollection) and hand due work to the scheduled jobs (byDue).
 */
export class DynamoOrganizationRequestStore implements OrganizationRequestStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly reviewRules: ReviewRules,
    /** For the accounts written together with a request (their reminder keys). */
    private readonly reminderAfterSeconds: number,
  ) {}

  async getRequest(requestId: string): Promise<OrganizationRequest | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.organizationRequest(requestId),
        ConsistentRead: true,
      }),
    );
    return Item ? storedOrganizationRequest.parse(Item) : undefined;
  }

  async submitRequest(
    request: OrganizationRequest,
    account: Account,
    expectedAccountRevision: number,
  ): Promise<{ holderId?: string | undefined }> {
    try {
      // Sent again while it only conflicts with a colleague's submission for the same domain at that moment.
      await transactWrite(this.documents, {
        TransactItems: [
          { Put: { ...this.requestPut(request), ConditionExpression: 'attribute_not_exists(pk)' } },
          {
            Put: {
              TableName: this.tableName,
              Item: this.claimItem(request.domain, request.requestId),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: this.accountPut(account, expectedAccountRevision) },
        ],
      });
      return {};
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const reasons =
        error instanceof TransactionCanceledException
          ? (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None')
          : [];
      // Only the claim failed: another open request holds the domain, and the caller joins it.
      if (reasons[1] !== 'ConditionalCheckFailed' || reasons[2] === 'ConditionalCheckFailed') {
        throw new ConcurrentUpdateError('organization request changed meanwhile');
      }
    }
    const holderId = await this.claimHolder(request.domain);
    // Released between the two calls: the caller submits again and claims it.
    if (holderId === undefined) throw new ClaimReleasedError(`claim on ${request.domain} changed meanwhile`);
    return { holderId };
  }

  async joinRequest(holder: OrganizationRequest, account: Account, expectedAccountRevision: number) {
    await this.transact([
      { Put: this.requestPut(holder) },
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.reviewDomainClaim(holder.domain),
          ConditionExpression: 'requestId = :holder',
          ExpressionAttributeValues: { ':holder': holder.requestId },
        },
      },
      { Put: this.accountPut(account, expectedAccountRevision) },
    ]);
  }

  async saveRequest(request: OrganizationRequest): Promise<void> {
    try {
      await this.documents.send(new PutCommand(this.requestPut(request)));
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConcurrentUpdateError('organization request changed meanwhile');
      throw error;
    }
  }

  async claimDomain(domain: string, requestId: string): Promise<string> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.claimItem(domain, requestId),
          ConditionExpression: 'attribute_not_exists(pk) OR requestId = :mine',
          ExpressionAttributeValues: { ':mine': requestId },
        }),
      );
      return requestId;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const holder = await this.claimHolder(domain);
    // Released between the two calls: the caller retries and claims it.
    if (holder === undefined) throw new ConcurrentUpdateError(`claim on ${domain} changed meanwhile`);
    return holder;
  }

  private claimItem(domain: string, requestId: string) {
    return { ...keys.reviewDomainClaim(domain), entity: 'REVIEW_DOMAIN_CLAIM', domain, requestId };
  }

  private async claimHolder(domain: string): Promise<string | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.reviewDomainClaim(domain),
        ConsistentRead: true,
      }),
    );
    const holder = Item?.['requestId'];
    return typeof holder === 'string' ? holder : undefined;
  }

  async closeRequest(request: OrganizationRequest): Promise<void> {
    // A request that never held the domain (merged, closed or parked before claiming it) leaves the claim of
    // the request that does hold it alone. Only the request itself claims for itself, so the answer stands.
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.reviewDomainClaim(request.domain),
        ConsistentRead: true,
      }),
    );
    if (Item?.['requestId'] !== request.requestId) {
      await this.saveRequest(request);
      return;
    }
    await this.transact([
      { Put: this.requestPut(request) },
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.reviewDomainClaim(request.domain),
          ConditionExpression: 'requestId = :mine',
          ExpressionAttributeValues: { ':mine': request.requestId },
        },
      },
    ]);
  }

  async mergeRequest(
    holder: OrganizationRequest,
    merged: OrganizationRequest,
    followers: ReadonlyArray<{ readonly account: Account; readonly expectedRevision: number }>,
  ): Promise<void> {
    await this.transact([
      { Put: this.requestPut(holder) },
      { Put: this.requestPut(merged) },
      ...followers.map(({ account, expectedRevision }) => ({
        Put: this.accountPut(account, expectedRevision),
      })),
    ]);
  }

  async listRequests(query: { open: boolean; limit: number; cursor?: string | undefined }) {
    const index = TABLE_DESIGN.byCollection;
    const collection = query.open ? REVIEW_COLLECTIONS.open : REVIEW_COLLECTIONS.closed;
    const page = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.indexName,
        KeyConditionExpression: '#pk = :collection',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':collection': collection },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: decodeCollectionCursor(query.cursor, collection) } : {}),
      }),
    );
    return {
      requests: (page.Items ?? []).map((item) => storedOrganizationRequest.parse(item)),
      cursor: page.LastEvaluatedKey ? encodeCollectionCursor(page.LastEvaluatedKey as Key) : undefined,
    };
  }

  /**
   * Two queries of the open collection: the oldest item (ascending, one key), and the count (Select COUNT,
   * paged; the open queue holds tens of requests, not thousands).
   */
  async openQueue(): Promise<{ open: number; oldestSubmittedAt?: string | undefined }> {
    const index = TABLE_DESIGN.byCollection;
    const query = {
      TableName: this.tableName,
      IndexName: index.indexName,
      KeyConditionExpression: '#pk = :collection',
      ExpressionAttributeValues: { ':collection': REVIEW_COLLECTIONS.open },
    };
    const oldest = await this.documents.send(
      new QueryCommand({
        ...query,
        ExpressionAttributeNames: { '#pk': index.partitionKey, '#submittedAt': 'submittedAt' },
        ProjectionExpression: '#submittedAt',
        ScanIndexForward: true,
        Limit: 1,
      }),
    );
    const first = oldest.Items?.[0] as { submittedAt?: unknown } | undefined;
    if (typeof first?.submittedAt !== 'string') return { open: 0 };
    let open = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          ...query,
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          Select: 'COUNT',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      open += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { open, oldestSubmittedAt: first.submittedAt };
  }

  /** The request item with its index keys, written only over the revision before it (or as new). */
  private requestPut(request: OrganizationRequest) {
    const due = dueWorkOfRequest(request, this.reviewRules);
    return {
      TableName: this.tableName,
      Item: {
        ...keys.organizationRequest(request.requestId),
        entity: 'ORGANIZATION_REQUEST',
        ...request,
        ...keys.reviewCollection(isOpen(request.stage), request.submittedAt, request.requestId),
        ...(due ? keys.due(due.kind, request.requestId, due.at) : {}),
      },
      ...(request.revision === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'revision = :previous',
            ExpressionAttributeValues: { ':previous': request.revision - 1 },
          }),
    };
  }

  private accountPut(account: Account, expectedRevision: number) {
    return {
      TableName: this.tableName,
      Item: accountItem(account, this.reminderAfterSeconds),
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': expectedRevision },
    };
  }

  private async transact(items: NonNullable<TransactWriteCommand['input']['TransactItems']>) {
    try {
      await this.documents.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConcurrentUpdateError('organization request changed meanwhile');
      throw error;
    }
  }
}
