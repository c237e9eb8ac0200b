import { startExport } from '../core/use-cases/portal/export-jobs';
import { requirePortalMember } from '../core/use-cases/portal-access';
import {
  exportJobs,
  exportWorkflow,
  portalAccess,
  portalOverview,
  portalSettings,
  recentPortalReads,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { startExportRoute } from './start-export.route';

export const handler = idempotentApiHandler(startExportRoute, async ({ body, caller }) => {
  // The organization's status comes with the overview startExport reads (prepareExport checks it).
  const member = await requirePortalMember(portalAccess(), caller.userId);
  const { format, ...selection } = body;
  const job = await startExport(
    {
      exports: exportJobs(),
      workflow: exportWorkflow(),
      settings: portalSettings(),
      overview: portalOverview(),
      recent: recentPortalReads(),
      clock: systemClock,
    },
    member,
    { format, selection },
  );
  return {
    status: 202,
    body: job,
    headers: { Location: `/v1/portal/export-jobs/${job.exportId}` },
  };
});
