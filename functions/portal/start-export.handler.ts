import { startExport } from '../core/use-cases/portal/export-jobs';
import { earlyExportReads } from '../core/use-cases/portal/export-products';
import { requirePortalMemberReading } from '../core/use-cases/portal-access';
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
  const { format, ...selection } = body;
  const deps = {
    exports: exportJobs(),
    workflow: exportWorkflow(),
    settings: portalSettings(),
    overview: portalOverview(),
    recent: recentPortalReads(),
    clock: systemClock,
  };
  // The organization's status comes with the overview startExport reads (prepareExport checks it).
  const { member, early } = await requirePortalMemberReading(
    portalAccess(),
    caller,
    earlyExportReads(deps, caller.userId, selection),
  );
  const job = await startExport(deps, member, { format, selection }, early);
  return {
    status: 202,
    body: job,
    headers: { Location: `/v1/portal/export-jobs/${job.exportId}` },
  };
});
