import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../../functions/http/openapi';
import { routeList } from '../../../functions/routes';
import { WEB_API_TYPES_FILE, webApiTypesOf } from '../../../local/web-api-types';

/** The web client's API types are generated from the document, and committed up to date. */

it('matches web/src/api-schema.ts (run `npm run openapi` after changing a route or a schema)', async () => {
  const expected = await webApiTypesOf(buildOpenApiDocument(routeList));

  expect(readFileSync(WEB_API_TYPES_FILE, 'utf8')).toBe(expected);
}, 30_000);
