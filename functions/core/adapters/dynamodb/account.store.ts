import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Account, OnboardingState } from '../../domain/account';
import type { AuditEntry } from '../../domain/audit-log';
import { retainUntil, type CodePurpose, type CodeState } from '../../domain/one-time-code';
import {
  ConcurrentUpdateError,
  type AccountReads,
  type AccountReadsWanted,
  type AccountStore,
} from '../../ports';
import type { Suppression } from '../../domain/email-suppression';
import { batchGet } from './batch-get';
import { keys, TABLE_DESIGN } from './table-design';
import { storedAccount, storedCodeState, storedPasswordAttempts, storedSuppression } from './stored-items';
import { accountItem } from './account-item';
import { auditEntryPuts } from './audit-entry-items';
import type { Organization } from '../../domain/organization';
import type { JoinRequest } from '../../domain/membership-policy';
import type { Invitation } from '../../domain/invitation';
import { passwordAttemptsRetainUntil, type PasswordAttempts } from '../../domain/password-attempts';
import { isConditionFailure, transactWrite } from './transactions';

/**
 * The stored form of a code state. It is left to DynamoDB's TTL (`expiresAtEpoch`) once it can neither be used
 * nor throttle a send: no byDue entry, no job. TTL deletes lazily, so every reader checks the times itself (the
 * throttle counts only the last hour's sends, a try needs `expiresAt > now`).
 */
function codeItem(state: CodeState) {
  return {
    ...keys.code(state.email),
    entity: 'CODE',
    ...state,
    expiresAtEpoch: Math.ceil(retainUntil(state) / 1000),
  };
}

/** Accounts, one-time codes and memberships in the Portico table (see table-design.ts). */
export class DynamoAccountStore implements AccountStore {
  constructor(
    protected readonly documents: DynamoDBDocumentClient,
    protected readonly tableName: string,
    /** Idle time before a reminder is due (see dueWorkOfAccount). */
    protected readonly reminderAfterSeconds: number,
  ) {}

  async getAccount(userId: string): Promise<Account | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.user(userId), ConsistentRead: true }),
    );
    return Item ? storedAccount.parse(Item) : undefined;
  }

  async readAccountWith(userId: string, wanted: AccountReadsWanted): Promise<AccountReads> {
    const account = keys.user(userId);
    const attempts = wanted.passwordAttempts ? keys.passwordAttempts(userId) : undefined;
    const code = wanted.codeOf !== undefined ? keys.code(wanted.codeOf) : undefined;
    const suppressed = [...new Set(wanted.suppressionsOf ?? [])];
    const owned = [...new Set(wanted.addressOwnersOf ?? [])];
    const find = await batchGet(this.documents, this.tableName, [
      account,
      ...(attempts ? [attempts] : []),
      ...(code ? [code] : []),
      ...suppressed.map((email) => keys.suppression(email)),
      ...owned.map((email) => keys.addressOwner(email)),
    ]);
    const accountItem = find(account);
    const attemptsItem = find(attempts);
    const codeItem = find(code);
    return {
      account: accountItem ? storedAccount.parse(accountItem) : undefined,
      passwordAttempts: attemptsItem ? storedPasswordAttempts.parse(attemptsItem) : undefined,
      codeState: codeItem ? storedCodeState.parse(codeItem) : undefined,
      suppressions: new Map<string, Suppression | undefined>(
        suppressed.map((email) => {
          const item = find(keys.suppression(email));
          return [email, item ? storedSuppression.parse(item) : undefined];
        }),
      ),
      addressOwners: new Map<string, string | undefined>(
        owned.map((email) => {
          const owner = find(keys.addressOwner(email))?.userId;
          return [email, typeof owner === 'string' ? owner : undefined];
        }),
      ),
    };
  }

  async getCodeState(email: string): Promise<CodeState | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.code(email), ConsistentRead: true }),
    );
    return Item ? storedCodeState.parse(Item) : undefined;
  }

  async saveUnverifiedAccount(account: Account): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: accountItem(account, this.reminderAfterSeconds),
          // A new account, or one that is still unverified (signing up again replaces it); never a verified one.
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :unverified',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':unverified': 'VERIFY_EMAIL' },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account is no longer unverified');
      throw error;
    }
  }

  async saveCodeState(next: CodeState, options?: { clearPasswordAttemptsOf?: string }): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: codeItem(next),
      ...(next.version === 1
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: 'version = :previous',
            ExpressionAttributeValues: { ':previous': next.version - 1 },
          }),
    };
    try {
      const clear = options?.clearPasswordAttemptsOf;
      if (clear === undefined) await this.documents.send(new PutCommand(put));
      else {
        // One round trip for both: the send and the right password's forgotten count (docs/account.md, cost).
        await transactWrite(this.documents, {
          TransactItems: [
            { Put: put },
            { Delete: { TableName: this.tableName, Key: keys.passwordAttempts(clear) } },
          ],
        });
      }
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('code state changed meanwhile');
      throw error;
    }
  }

  async restoreCodeState(previous: CodeState, written: CodeState): Promise<void> {
    const guard = {
      ConditionExpression: 'version = :written',
      ExpressionAttributeValues: { ':written': written.version },
    };
    try {
      if (previous.version === 0) {
        await this.documents.send(
          new DeleteCommand({ TableName: this.tableName, Key: keys.code(previous.email), ...guard }),
        );
      } else {
        await this.documents.send(
          new PutCommand({ TableName: this.tableName, Item: codeItem(previous), ...guard }),
        );
      }
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Someone wrote after us: their state stands.
    }
  }

  async reserveAttempt(
    email: string,
    now: number,
    maxAttempts: number,
    purpose: CodePurpose = 'VERIFY_EMAIL',
  ) {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.code(email),
          UpdateExpression: 'SET attempts = attempts + :one',
          // Items written before codes had purposes hold verification codes.
          ConditionExpression:
            'attribute_exists(codeHash) AND attempts < :max AND expiresAt > :now AND ' +
            (purpose === 'VERIFY_EMAIL'
              ? '(attribute_not_exists(purpose) OR purpose = :purpose)'
              : 'purpose = :purpose'),
          ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts, ':now': now, ':purpose': purpose },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { accepted: true as const, state: storedCodeState.parse(Attributes) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const state = error.Item ? storedCodeState.parse(unmarshall(error.Item)) : undefined;
        return { accepted: false as const, ...(state ? { state } : {}) };
      }
      throw error;
    }
  }

  async releaseAttempt(email: string, codeHash: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.code(email),
          UpdateExpression: 'SET attempts = attempts - :one',
          ConditionExpression: 'codeHash = :hash AND attempts > :zero',
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':hash': codeHash },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async consumeCode(email: string, codeHash: string): Promise<void> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.code(email),
          UpdateExpression: 'REMOVE codeHash SET version = version + :one',
          ConditionExpression: 'codeHash = :hash',
          ExpressionAttributeValues: { ':one': 1, ':hash': codeHash },
        }),
      );
    } catch (error) {
      // Replaced by a newer code, or used up already: the code submitted is dead either way.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async completeEmailVerification(input: {
    userId: string;
    from: OnboardingState;
    to: OnboardingState;
    at: Date;
    ownsAddressItem?: boolean;
  }): Promise<{ moved: true } | { moved: false; account?: Account }> {
    try {
      // One standard write: byDue is keys only and the reminder entry stays, so no index entry is written.
      await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.user(input.userId),
          UpdateExpression: `SET #state = :to, updatedAt = :at, revision = revision + :one${
            input.ownsAddressItem ? ', ownsAddressItem = :owns' : ''
          }`,
          ConditionExpression: '#state = :from',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':to': input.to,
            ':from': input.from,
            ':at': input.at.toISOString(),
            ':one': 1,
            ...(input.ownsAddressItem ? { ':owns': true } : {}),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { moved: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        // The account as it stood (no extra read): already moved on, or missing.
        return error.Item
          ? { moved: false, account: storedAccount.parse(unmarshall(error.Item)) }
          : { moved: false };
      }
      throw error;
    }
  }

  async saveAccount(account: Account, expectedRevision: number): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: accountItem(account, this.reminderAfterSeconds),
          ConditionExpression: 'revision = :expected',
          ExpressionAttributeValues: { ':expected': expectedRevision },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  async saveLocale(account: Account, expectedRevision: number): Promise<void> {
    if (account.state !== 'ACTIVE' || !account.organizationId)
      return this.saveAccount(account, expectedRevision);
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: accountItem(account, this.reminderAfterSeconds),
              ConditionExpression: 'revision = :expected',
              ExpressionAttributeValues: { ':expected': expectedRevision },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.membership(account.organizationId, account.userId),
              UpdateExpression: 'SET locale = :locale',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':locale': account.locale },
            },
          },
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  async saveMembership(
    account: Account,
    expectedRevision: number,
    organization: Organization,
    entry: AuditEntry,
    approvedRequest?: Pick<JoinRequest, 'organizationId' | 'userId'>,
    acceptedInvitation?: Pick<Invitation, 'organizationId' | 'invitationId' | 'tokenHash'>,
  ): Promise<void> {
    // An invited administrator joins as one whatever the count (the first joiner rule is for joins by domain).
    const invitedAdministrator = acceptedInvitation !== undefined && account.role === 'ADMINISTRATOR';
    // Joining by the email domain alone holds only while the policy is still AUTOMATIC: a policy changed since
    // the domain copy was read refuses the join (the use case then re-decides by the profile).
    const automatic =
      entry.kind === 'MEMBER_JOINED' &&
      (entry.details.via === 'DOMAIN' || entry.details.via === 'DIVISION_CHOICE');
    const byDomain = automatic ? ' AND (attribute_not_exists(#policy) OR #policy = :automatic)' : '';
    const byDomainValues = automatic ? { ':automatic': 'AUTOMATIC' } : {};
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: accountItem(account, this.reminderAfterSeconds),
              ConditionExpression: 'revision = :expected',
              ExpressionAttributeValues: { ':expected': expectedRevision },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.membership(organization.organizationId, account.userId),
                entity: 'MEMBERSHIP',
                organizationId: organization.organizationId,
                userId: account.userId,
                email: account.email,
                firstName: account.firstName,
                lastName: account.lastName,
                ...(account.locale ? { locale: account.locale } : {}),
                role: account.role ?? 'MEMBER',
                joinedAt: account.updatedAt,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.organization(organization.organizationId),
              ...(invitedAdministrator
                ? {
                    UpdateExpression: 'ADD memberCount :one, administratorCount :one',
                    ConditionExpression: '#status = :active',
                    ExpressionAttributeValues: { ':one': 1, ':active': 'ACTIVE' },
                  }
                : account.role === 'ADMINISTRATOR'
                  ? {
                      // Only the first administrator joins as one: a second "first" joiner is refused.
                      UpdateExpression: 'ADD memberCount :one, administratorCount :one',
                      ConditionExpression: `#status = :active AND (attribute_not_exists(administratorCount) OR administratorCount = :zero)${byDomain}`,
                      ExpressionAttributeValues: {
                        ':one': 1,
                        ':zero': 0,
                        ':active': 'ACTIVE',
                        ...byDomainValues,
                      },
                    }
                  : {
                      // A member joins only an organization that has its administrator: the first joiner is
                      // refused here and joins as the administrator instead (register-business.ts).
                      UpdateExpression: 'ADD memberCount :one',
                      ConditionExpression: `#status = :active AND administratorCount > :zero${byDomain}`,
                      ExpressionAttributeValues: {
                        ':one': 1,
                        ':zero': 0,
                        ':active': 'ACTIVE',
                        ...byDomainValues,
                      },
                    }),
              ExpressionAttributeNames: {
                '#status': 'status',
                ...(byDomain ? { '#policy': 'membershipPolicy' } : {}),
              },
            },
          },
          ...auditEntryPuts(this.tableName, entry),
          // An approval consumes the request: a second decision of the same request is refused.
          ...(approvedRequest
            ? [
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: keys.joinRequest(approvedRequest.organizationId, approvedRequest.userId),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
              ]
            : []),
          // An acceptance consumes the invitation: its token joins one person once.
          ...(acceptedInvitation
            ? [
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: keys.invitation(acceptedInvitation.organizationId, acceptedInvitation.invitationId),
                    ConditionExpression: 'tokenHash = :tokenHash',
                    ExpressionAttributeValues: { ':tokenHash': acceptedInvitation.tokenHash },
                  },
                },
                {
                  Delete: {
                    TableName: this.tableName,
                    Key: keys.invitationToken(acceptedInvitation.tokenHash),
                    ConditionExpression: 'attribute_exists(pk)',
                  },
                },
              ]
            : []),
        ],
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConcurrentUpdateError('account or organization changed meanwhile');
      throw error;
    }
  }

  async fileJoinRequest(account: Account, expectedRevision: number, request: JoinRequest): Promise<void> {
    try {
      await transactWrite(this.documents, {
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: accountItem(account, this.reminderAfterSeconds),
              ConditionExpression: 'revision = :expected',
              ExpressionAttributeValues: { ':expected': expectedRevision },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...keys.joinRequest(request.organizationId, request.userId),
                entity: 'JOIN_REQUEST',
                ...request,
              },
            },
          },
        ],
      });
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('account changed meanwhile');
      throw error;
    }
  }

  async getPasswordAttempts(userId: string): Promise<PasswordAttempts | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: keys.passwordAttempts(userId), ConsistentRead: true }),
    );
    return Item ? storedPasswordAttempts.parse(Item) : undefined;
  }

  async savePasswordAttempts(next: PasswordAttempts): Promise<void> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.passwordAttempts(next.userId),
            entity: 'PASSWORD_ATTEMPTS',
            ...next,
            expiresAtEpoch: Math.ceil(passwordAttemptsRetainUntil(next) / 1000),
          },
          ...(next.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :previous',
                ExpressionAttributeValues: { ':previous': next.version - 1 },
              }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConcurrentUpdateError('password attempts changed meanwhile');
      throw error;
    }
  }

  async clearPasswordAttempts(userId: string): Promise<void> {
    await this.documents.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.passwordAttempts(userId) }),
    );
  }

  async awaitingOrganization(domain: string, limit: number): Promise<Account[]> {
    const index = TABLE_DESIGN.byCollection;
    const { collectionPk } = keys.awaitingOrganization(domain, '');
    const accounts: Account[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': index.partitionKey },
          ExpressionAttributeValues: { ':pk': collectionPk },
          Limit: limit - accounts.length,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) accounts.push(storedAccount.parse(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey && accounts.length < limit);
    return accounts;
  }

  async deleteCodeOf(email: string, userId: string): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.code(email),
          ConditionExpression: 'userId = :userId',
          ExpressionAttributeValues: { ':userId': userId },
        }),
      );
    } catch (error) {
      // Gone already, or the address's code is someone else's now (they signed up with it meanwhile).
      if (!isConditionFailure(error)) throw error;
    }
  }
}
