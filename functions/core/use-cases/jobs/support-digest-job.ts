import { viewerScope } from '../../domain/portal-visibility';
import {
  digestFor,
  endDatesChangingIn,
  isoWeekOf,
  nextDigestAt,
  receivesDigest,
  unsubscribeToken,
} from '../../domain/support-digest';
import * as emailTemplates from '../../email/templates';
import type { PortalOverviewReader, SupportDigestStore } from '../../ports';
import type { Dependencies } from '../dependencies';
import { forEachDue, type JobBudget, type JobReport } from './due-work';

export type SupportDigestJobDependencies = Pick<
  Dependencies,
  'dueWork' | 'clock' | 'mailer' | 'codeSecret' | 'portalUrl'
> & {
  readonly digests: SupportDigestStore;
  readonly overview: PortalOverviewReader;
};

/** Where a digest's unsubscribe link points: the web client's page, which posts the token (no sign-in). */
export function unsubscribeUrl(portalUrl: string, token: string): string {
  return `${portalUrl.replace(/\/+$/, '')}/unsubscribe?token=${encodeURIComponent(token)}`;
}

/**
 * Sends the weekly support-expiry digests of every organization whose digest is due (byDue `SUPPORT_DIGEST`,
 * Monday 06:00 UTC), then schedules its next one. Per organization: its overview (status, rules, site names)
 * and the week's products (two bySupportEnd Queries), then its members a page at a time; each member who
 * receives the digest and may see something of the week gets one email.
 * At most one per person and ISO week: the week's marker is taken (a conditional write) before sending, and
 * given back if the email fails, so a rerun (a retry, a crash half way, a failed member) sends only what was not
 * sent. A failed email does not stop the others; it leaves the organization due; the next run goes on. A deactivated organization gets nothing
 * that week; an organization that is gone loses its schedule.
 */
export async function sendSupportDigests(
  deps: SupportDigestJobDependencies,
  budget: JobBudget,
): Promise<JobReport> {
  return forEachDue(deps, 'SUPPORT_DIGEST', budget, async (organizationId) => {
    const now = deps.clock.now();
    const week = isoWeekOf(now);
    const ranges = endDatesChangingIn(week);
    const [overview, products] = await Promise.all([
      deps.overview.read(organizationId),
      deps.digests.productsEndingIn(organizationId, [ranges.expiring, ranges.expired]),
    ]);
    if (!overview.organization) {
      await deps.digests.unschedule(organizationId);
      return;
    }
    if (overview.organization.status === 'ACTIVE' && products.length > 0) {
      const secret = await deps.codeSecret.get();
      let failure: unknown;
      let cursor: string | undefined;
      do {
        const page = await deps.digests.recipients(organizationId, cursor);
        for (const member of page.items) {
          if (!receivesDigest(member.role, member.supportDigest)) continue;
          const digest = digestFor(
            viewerScope(member.role, overview.visibility),
            week,
            products,
            overview.sites,
          );
          if (!digest) continue;
          if (!(await deps.digests.claimWeek(organizationId, member.userId, week.id, now))) continue;
          try {
            await deps.mailer.send(
              emailTemplates.supportDigest({
                to: member.email,
                locale: member.locale,
                firstName: member.firstName,
                organizationName: overview.organization.name,
                ...digest,
                portalUrl: deps.portalUrl,
                unsubscribeUrl: unsubscribeUrl(
                  deps.portalUrl,
                  unsubscribeToken(secret, { organizationId, userId: member.userId }),
                ),
              }),
            );
          } catch (error) {
            // The others still get theirs; the organization stays due, and the next run retries this one.
            await deps.digests.releaseWeek(organizationId, member.userId, week.id);
            failure ??= error;
          }
        }
        cursor = page.cursor;
      } while (cursor);
      if (failure !== undefined) throw failure;
    }
    await deps.digests.schedule(organizationId, nextDigestAt(now));
  });
}
