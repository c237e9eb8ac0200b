import { getExport } from '../core/use-cases/portal/export-jobs';
import { readAsPortalMember } from '../core/use-cases/portal-access';
import { config, exportJobs, exportLinks, portalAccess, systemClock } from '../core/wiring';
import { apiHandler } from '../http/api-handler';
import { getExportRoute } from './get-export.route';

export const handler = apiHandler(getExportRoute, async ({ caller, path }) => {
  const job = await readAsPortalMember(portalAccess(), caller.userId, (member) =>
    getExport(
      {
        exports: exportJobs(),
        links: exportLinks(),
        clock: systemClock,
        linkSeconds: config().exports.linkSeconds,
      },
      member,
      path.exportId,
    ),
  );
  // The link is signed for this answer only; a cache must not hand it to anyone else or keep it past expiry.
  return { status: 200, body: job, headers: { 'Cache-Control': 'private, no-store' } };
});
