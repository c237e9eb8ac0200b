import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { logger } from '../core/logger';
// zod's English messages, for the errors this handler throws and logs.
import '../core/zod-locale';
import { recordExportFailure, runExport } from '../core/use-cases/portal/export-jobs';
import {
  accountStore,
  exportJobs,
  portalInventory,
  portalOverview,
  portalSettings,
  recentPortalReads,
  systemClock,
} from '../core/wiring';
import { exportFiles } from '../core/export-files.wiring';
import { EXPORT_TASKS } from './export-workflow.contract';

/** What a Task state of the export state machine sends; anything else is a bug in the state machine. */
const exportTaskEvent = z.object({
  task: z.enum(EXPORT_TASKS),
  organizationId: z.string().check(z.minLength(1), z.maxLength(100)),
  ownerId: z.string().check(z.minLength(1), z.maxLength(100)),
  exportId: z.uuid(),
});

/**
 * The export function: the export state machine's RunExport task writes a job's file, and its RecordFailure
 * task marks the job FAILED once RunExport's retries are spent. Errors are thrown on purpose, for the retries.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(logger.injectLambdaContext())
  .handler(async (event) => {
    const { task, ...ref } = exportTaskEvent.parse(event);
    logger.appendKeys({ exportId: ref.exportId, task });
    const deps = {
      exports: exportJobs(),
      files: exportFiles(),
      accounts: accountStore(),
      inventory: portalInventory(),
      settings: portalSettings(),
      overview: portalOverview(),
      recent: recentPortalReads(),
      clock: systemClock,
    };
    if (task === 'record-failure') {
      await recordExportFailure(deps, ref);
      return { state: 'FAILED' };
    }
    return { state: await runExport(deps, ref) };
  });
