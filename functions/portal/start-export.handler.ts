import { startExport } from '../core/use-cases/portal/export-jobs';
import { requirePortalWriter } from '../core/use-cases/portal-access';
import {
  exportJobs,
  exportWorkflow,
  portalAccess,
  portalOverview,
  portalSettings,
  systemClock,
} from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { startExportRoute } from './start-export.route';

export const handler = idempotentApiHandler(startExportRoute, async ({ body, caller }) => {
  const member = await requirePortalWriter(portalAccess(), caller.userId);
  const { format, ...selection } = body;
  const job = await startExport(
    {
      exports: exportJobs(),
      workflow: exportWorkflow(),
      settings: portalSettings(),
      overview: portalOverview(),
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
