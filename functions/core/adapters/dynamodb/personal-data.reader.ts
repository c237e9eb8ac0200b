import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGet } from './batch-get';
import type { Account } from '../../domain/account';
import type { PersonalData, PersonalDataReader, PortalSettings } from '../../ports';
import { storedMember } from './member.directory';
import { keys } from './table-design';
import { storedCodeState, storedOrganizationRequest, storedPasswordAttempts } from './stored-items';

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
    const [find, groups] = await Promise.all([
      batchGet(this.documents, this.tableName, Object.values(wanted)),
      account.organizationId ? this.settings.listOwnGroups(account.organizationId, account.userId) : [],
    ]);
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
}
