import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Organization } from '../../domain/organization';
import type { SiteCounters } from '../../domain/portal';
import { DEFAULT_VISIBILITY, type VisibilityRules } from '../../domain/portal-visibility';
import type { PortalOverview, PortalOverviewReader } from '../../ports';
import { siteCountersOf } from './portal-inventory.store';
import { storedVisibility } from './portal-settings.store';
import { storedOrganization } from './stored-items';
import { keys, OVERVIEW_RANGE } from './table-design';

/**
 * The organization's profile, sites (with their counters) and visibility rules in one consistent Query of its
 * partition (OVERVIEW_RANGE in table-design.ts): what the Summary, the site list and the filters of the product
 * list need, in one round trip instead of three. Its size grows with the number of sites (one small item each,
 * at most 36 counter cells), never with the number of products; an organization with more sites than fit one
 * 1 MB page is read in further pages.
 */
export class DynamoPortalOverviewReader implements PortalOverviewReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async read(organizationId: string): Promise<PortalOverview> {
    const pk = keys.organization(organizationId).pk;
    let organization: Organization | undefined;
    let visibility: VisibilityRules = DEFAULT_VISIBILITY;
    const sites: SiteCounters[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :low AND :high',
          ExpressionAttributeValues: { ':pk': pk, ':low': OVERVIEW_RANGE.low, ':high': OVERVIEW_RANGE.high },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item['sk']);
        if (sk === keys.organization(organizationId).sk) organization = storedOrganization.parse(item);
        else if (sk === keys.visibility(organizationId).sk) visibility = storedVisibility.parse(item);
        else if (sk.startsWith(keys.site(organizationId, '').sk)) sites.push(siteCountersOf(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { organization, visibility, sites };
  }
}
