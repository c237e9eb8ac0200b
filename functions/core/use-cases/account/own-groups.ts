import type { Account } from '../../domain/account';
import { ConcurrentUpdateError, type PortalSettings } from '../../ports';

export type OwnGroupSettings = Pick<PortalSettings, 'listOwnGroups' | 'deleteGroup'>;

/**
 * Deletes the groups `account` owns in its organization, shared ones included (a person leaving it, or erased).
 * Nobody else's Summary or list breaks: a group that no longer exists is simply not listed, and visibility
 * rules name sites and families, never groups. A group changed meanwhile is read again and deleted.
 */
export async function deleteOwnGroups(settings: OwnGroupSettings, account: Account): Promise<number> {
  const organizationId = account.state === 'ACTIVE' ? account.organizationId : undefined;
  if (!organizationId) return 0;
  let deleted = 0;
  for (let round = 1; round <= 3; round += 1) {
    const groups = await settings.listOwnGroups(organizationId, account.userId);
    if (groups.length === 0) return deleted;
    let raced = false;
    for (const group of groups) {
      try {
        await settings.deleteGroup(group);
        deleted += 1;
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
        raced = true;
      }
    }
    if (!raced) return deleted;
  }
  throw new ConcurrentUpdateError('groups kept changing while they were deleted');
}
