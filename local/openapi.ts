import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { buildOpenApiDocument } from '../functions/http/openapi';
import { routeList } from '../functions/routes';
import { WEB_API_TYPES_FILE, webApiTypesOf } from './web-api-types';

/**
 * `npm run openapi`: writes docs/openapi.json, the OpenAPI 3.1 document of the route table, formatted as
 * `npm run lint` expects, and the web client's types generated from it (web/src/api-schema.ts).
 * test/unit/http/openapi.test.ts and web-api-types.test.ts fail while either is behind the route table.
 */

const file = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const document = buildOpenApiDocument(routeList);
const text = await format(JSON.stringify(document), { ...(await resolveConfig(file)), filepath: file });
writeFileSync(file, text);
writeFileSync(WEB_API_TYPES_FILE, await webApiTypesOf(document));
process.stdout.write(
  `Wrote docs/openapi.json: ${routeList.length} operations on ${Object.keys(document.paths).length} paths, ` +
    'and web/src/api-schema.ts\n',
);
