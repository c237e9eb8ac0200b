import * as z from 'zod/mini';
import { route } from '../http/route';
import { groupId } from './portal.schema';

export const summaryQuery = z.strictObject({ group: z.optional(groupId()) });
export type SummaryQuery = z.infer<typeof summaryQuery>;

export const getPortalSummaryRoute = route({
  id: 'getPortalSummary',
  method: 'GET',
  path: '/v1/portal/summary',
  auth: 'member',
  handler: 'functions/portal/get-summary.handler.ts',
  summary: 'Landing view of the portal for a member of an active business account',
  body: undefined,
  query: summaryQuery,
  success: { 200: "Counts by site, family and support status, and the caller's groups" },
  problems: [404],
  grants: ['table:read'],
});
