import * as z from 'zod/mini';
import { countryCode, pageCursor, pageLimit } from '../http/fields';
import { answersOf, route } from '../http/route';
import { page, PORTAL_CURSOR, siteAnswer } from './portal.schema';

export const listSitesQuery = z.strictObject({
  country: z.optional(countryCode()),
  limit: pageLimit(),
  cursor: pageCursor(PORTAL_CURSOR),
});
export type ListSitesQuery = z.infer<typeof listSitesQuery>;

/** The schemas of the answers (functions/routes.ts builds them; the handler's bundle leaves them out). */
export function listSitesAnswers() {
  return { 200: page(siteAnswer(), 'One page of sites, by name') };
}

export const listSitesRoute = route({
  id: 'listSites',
  method: 'GET',
  path: '/v1/portal/sites',
  auth: 'member',
  handler: 'functions/portal/list-sites.handler.ts',
  summary: 'Sites the caller may see, with product counts, by page (filter: country)',
  body: undefined,
  query: listSitesQuery,
  success: { 200: 'One page of sites with their counts, and the cursor of the next' },
  responses: answersOf<typeof listSitesAnswers>(),
  grants: ['table:read'],
});
