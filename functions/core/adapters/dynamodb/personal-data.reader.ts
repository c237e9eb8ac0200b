import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Account } from '../../domain/account';
import type { PersonalData, PersonalDataReader, PortalSettings } from '../../ports';
import { storedMember } from './member.directory';
import { keys } from './table-design';
import { storedCodeState, storedOrganizationRequest, storedPasswordAttempts } from './stored-items';

/** A BatchGetItem left keys unprocessed this many times in a row: the table is throttling. */
const MAX_BATCH_TRIES = 4;

/**
 * What the table holds about one person beside their account (the export): the code item of their address, the
 * count of wrong passwords, the membership and the organization request read together in one BatchGetItem
 * (strongly consistent), and the groups they own in one Query beside it.
 */
export class DynamoPersonalDataReader implements PersonalDataReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly settings: PortalSettings,
  ) {}

  async read(account: Account): Promise<PersonalData> {
    const wanted = {
      code: keys.code(account.email),
      attempts: keys.passwordAttempts(account.userId),
      ...(account.organizationId
        ? { membership: keys.membership(account.organizationId, account.userId) }
        : {}),
      ...(account.organizationRequestId
        ? { request: keys.organizationRequest(account.organizationRequestId) }
        : {}),
    };
    const [items, groups] = await Promise.all([
      this.batchGet(Object.values(wanted)),
      account.organizationId ? this.settings.listOwnGroups(account.organizationId, account.userId) : [],
    ]);
    const find = (key: { pk: string; sk: string } | undefined) =>
      key && items.find((item) => item.pk === key.pk && item.sk === key.sk);
    const code = find(wanted.code);
    const attempts = find(wanted.attempts);
    const membership = find(wanted.membership);
    const request = find(wanted.request);
    return {
      ...(code ? { codes: storedCodeState.parse(code) } : {}),
      ...(attempts ? { passwordAttempts: storedPasswordAttempts.parse(attempts) } : {}),
      ...(membership ? { membership: storedMember.parse(membership) } : {}),
      ...(request ? { request: storedOrganizationRequest.parse(request) } : {}),
      groups,
    };
  }

  private async batchGet(wanted: readonly { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let keysLeft: Record<string, unknown>[] = [...wanted];
    for (let tries = 1; keysLeft.length > 0; tries += 1) {
      if (tries > MAX_BATCH_TRIES) throw new Error('BatchGetItem left keys unprocessed: throttled');
      const { Responses, UnprocessedKeys } = await this.documents.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: keysLeft, ConsistentRead: true } },
        }),
      );
      found.push(...(Responses?.[this.tableName] ?? []));
      keysLeft = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }
}
