import { answersOf, route } from '../http/route';
import { exportJobAnswer, exportPath } from './export-job.schema';

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getExportAnswers() {
  return { 200: exportJobAnswer() };
}

export const getExportRoute = route({
  id: 'getExport',
  method: 'GET',
  path: '/v1/portal/export-jobs/{exportId}',
  auth: 'member',
  handler: 'functions/portal/get-export.handler.ts',
  summary:
    "One of the caller's background exports: its state and, once it succeeded, a download link that expires",
  body: undefined,
  pathParameters: exportPath(),
  success: { 200: 'The export' },
  responses: answersOf<typeof getExportAnswers>(),
  grants: ['table:read', 'exports:read'],
});
