import * as z from 'zod/mini';
import { answersOf, route } from '../http/route';
import { calendarDay, count, countryOf } from '../http/fields';
import { counts, groupEntry, groupId, memberRole } from './portal.schema';

export const summaryQuery = z.strictObject({ group: z.optional(groupId()) });
export type SummaryQuery = z.infer<typeof summaryQuery>;

/** The portal's landing view (functions/core/use-cases/portal/get-summary.ts). */
/* @__NO_SIDE_EFFECTS__ */
function summaryAnswer() {
  return z
    .strictObject({
      asOf: calendarDay('The day (UTC) the support statuses are of'),
      organization: z.strictObject({
        organizationId: z.string(),
        name: z.string(),
        city: z.string(),
        country: countryOf('Country of the organization'),
      }),
      member: z
        .strictObject({ userId: z.string(), firstName: z.string(), lastName: z.string(), role: memberRole() })
        .check(z.meta({ description: 'The caller' })),
      scope: z
        .strictObject({
          sites: z.union([z.literal('ALL'), count('Sites the caller may see')]),
          families: z.union([z.literal('ALL'), count('Product families the caller may see')]),
        })
        .check(z.meta({ description: 'What the caller may see: ALL, or how many sites and families' })),
      group: z.optional(
        groupEntry().check(z.meta({ description: 'The group the counts are of (`?group=`)' })),
      ),
      totals: counts(),
      bySite: z
        .array(
          z.strictObject({
            siteId: z.string(),
            name: z.string(),
            country: countryOf('Country of the site'),
            counts: counts(),
          }),
        )
        .check(
          z.meta({ description: 'Every site in scope, by name, with zero counts when it holds nothing' }),
        ),
      byFamily: z
        .array(z.strictObject({ family: z.string(), counts: counts() }))
        .check(z.meta({ description: 'The families that hold a product in scope, by name' })),
      groups: z
        .array(groupEntry())
        .check(z.meta({ description: "The caller's groups and the organization's shared groups, by name" })),
    })
    .check(z.meta({ description: "Counts by support status, site and family, and the caller's groups" }));
}

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function getPortalSummaryAnswers() {
  return { 200: summaryAnswer() };
}

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
  responses: answersOf<typeof getPortalSummaryAnswers>(),
  problems: [404],
  grants: ['table:read'],
});
