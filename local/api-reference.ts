import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The interactive API reference of the local stack: Scalar's standalone bundle (npm @scalar/api-reference,
 * served from node_modules, nothing from a CDN) rendering the live OpenAPI document of the same server, with
 * "try it" requests sent to this very API (same origin: no proxy, no CORS). The page asks for no web fonts, no
 * telemetry and no AI agent, so it works offline.
 */

export const API_REFERENCE_PATH = '/reference';
const SCRIPT_PATH = `${API_REFERENCE_PATH}/scalar.js`;

const require = createRequire(import.meta.url);
let script: Promise<Buffer> | undefined;

function scalarScript(): Promise<Buffer> {
  script ??= readFile(require.resolve('@scalar/api-reference/browser/standalone.js'));
  return script;
}

function page(documentPath: string): string {
  const configuration = {
    url: documentPath,
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    hideClientButton: false,
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
    defaultOpenAllTags: true,
    metaData: { title: 'Portico API reference' },
  };
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Portico API reference</title>
  </head>
  <body>
    <div id="app"></div>
    <script src="${SCRIPT_PATH}"></script>
    <script>
      Scalar.createApiReference('#app', ${JSON.stringify(configuration)});
    </script>
  </body>
</html>
`;
}

/** Answers the reference's page and script; false for any other request. */
export async function serveApiReference(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  documentPath: string,
): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (url.pathname === API_REFERENCE_PATH || url.pathname === `${API_REFERENCE_PATH}/`) {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : page(documentPath));
    return true;
  }
  if (url.pathname === SCRIPT_PATH) {
    const body = await scalarScript();
    response.writeHead(200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Content-Length': body.length,
      'Cache-Control': 'max-age=3600',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  }
  return false;
}
