import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MAX_IMPORT_ROWS, type ImportKind } from '../core/domain/portal-import';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../core/errors';
import { importPortalData } from '../core/use-cases/portal/import-portal-data';
import { organizationDirectory, portalInventoryWriter, systemClock } from '../core/wiring';
import { idempotentApiHandler } from '../http/idempotent-api-handler';
import { bodyText, mediaTypeOf, parseJsonText } from '../http/request';
import { importPortalDataRoute } from './import-portal-data.route';
import { rowsOfCsv, rowsOfJson, validateRows, type RawRow } from './import.schema';
import * as problemDetails from '../core/i18n/details/compiled/index';

/** An import is a file, not a form: up to Lambda's own 6 MB payload limit. */
export const MAX_IMPORT_BODY_BYTES = 6 * 1024 * 1024;

export const handler = idempotentApiHandler(importPortalDataRoute, async ({ event, path }) => {
  const { organizationId, kind } = path;
  const deps = {
    organizations: organizationDirectory(),
    inventory: portalInventoryWriter(),
    clock: systemClock,
  };
  const report = await importPortalData(deps, organizationId, () => {
    const rows = readRows(event, kind);
    return kind === 'sites'
      ? { kind, received: rows.length, ...validateRows(kind, rows) }
      : { kind, received: rows.length, ...validateRows(kind, rows) };
  });
  return { status: 200, body: report };
});

/** The rows of the body, JSON or CSV: 415 for another media type, 413 above the size limits, 400 otherwise. */
function readRows(event: APIGatewayProxyEvent, kind: ImportKind): RawRow[] {
  const mediaType = mediaTypeOf(event);
  if (mediaType !== 'application/json' && mediaType !== 'text/csv') {
    throw new UnsupportedMediaTypeError(
      'Send the rows as "Content-Type: application/json" ({ "rows": [...] }) or "text/csv" with a header row.',
    ).keyed(problemDetails.importMediaType, { example: '{ "rows": [...] }' });
  }
  const raw = bodyText(event, MAX_IMPORT_BODY_BYTES);
  if (!raw)
    throw new ValidationError('The body is empty.', [{ pointer: '', detail: 'is required' }]).keyed(
      problemDetails.bodyEmpty,
    );
  const rows = mediaType === 'text/csv' ? rowsOfCsv(kind, raw) : rowsOfJson(parseJsonText(raw));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new PayloadTooLargeError(
      `An import holds at most ${MAX_IMPORT_ROWS} rows; this one has ${rows.length}. Split the file.`,
    ).keyed(problemDetails.importTooLarge, { max: MAX_IMPORT_ROWS, received: rows.length });
  }
  return rows;
}
