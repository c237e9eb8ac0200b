import { type ProductRecord, type Site } from '../../domain/portal';
import {
  MAX_IMPORT_ROWS,
  type AcceptedRow,
  type ImportReport,
  type RejectedRow,
} from '../../domain/portal-import';
import { NotFoundError, PayloadTooLargeError } from '../../errors';
import type { Clock, ImportOutcome, OrganizationDirectory, PortalInventoryWriter } from '../../ports';
import * as problemDetails from '../../i18n/details/compiled/index';

export interface ImportDependencies {
  readonly organizations: OrganizationDirectory;
  readonly inventory: PortalInventoryWriter;
  readonly clock: Clock;
}

/** Rows already judged one by one at the edge (schema, repeated keys): what is left is to store them. */
export type ImportRows = {
  /** Rows in the request, accepted or not. */
  readonly received: number;
  readonly rejected: readonly RejectedRow[];
} & (
  | { readonly kind: 'sites'; readonly accepted: readonly AcceptedRow<Site>[] }
  | { readonly kind: 'products'; readonly accepted: readonly AcceptedRow<ProductRecord>[] }
);

/**
 * An operator imports sites or products into an organization. Main path: the organization is an active
 * customer; only then are the rows read (`rows` may be a function: the edge's parsing of the body, so a file
 * sent to the wrong organization is not judged first); sites are created or updated as sent; products are
 * checked against the organization's sites and stored with their support status of today, moving the site
 * counters with them; the report counts what each row did. Importing the same rows again changes nothing and
 * reports them unchanged.
 * Failure paths: unknown, pending, suspended or partner organization → 404; whatever reading the rows throws
 * (400, 413, 415); more than 5,000 rows → 413; a product whose site does not exist is a rejected row (field
 * `siteId`), not a failed request.
 */
export async function importPortalData(
  deps: ImportDependencies,
  organizationId: string,
  rows: ImportRows | (() => ImportRows),
): Promise<ImportReport> {
  const organization = await deps.organizations.getOrganization(organizationId);
  if (organization?.status !== 'ACTIVE' || organization.kind !== 'CUSTOMER') {
    throw new NotFoundError(`There is no active customer organization ${organizationId}.`).keyed(
      problemDetails.noActiveCustomerOrganization,
      { organizationId },
    );
  }
  const batch = typeof rows === 'function' ? rows() : rows;
  if (batch.received > MAX_IMPORT_ROWS) {
    throw new PayloadTooLargeError(
      `An import holds at most ${MAX_IMPORT_ROWS} rows; this one has ${batch.received}. Split the file.`,
    ).keyed(problemDetails.importTooLarge, { max: MAX_IMPORT_ROWS, received: batch.received });
  }

  const rejected = [...batch.rejected];
  let outcomes: ImportOutcome[] = [];
  if (batch.kind === 'sites') {
    if (batch.accepted.length > 0) {
      outcomes = await deps.inventory.importSites(
        organizationId,
        batch.accepted.map((row) => row.record),
      );
    }
  } else {
    const siteIds = [...new Set(batch.accepted.map((row) => row.record.siteId))];
    const known = new Set(
      (siteIds.length > 0 ? await deps.inventory.getSites(organizationId, siteIds) : []).map(
        (site) => site.siteId,
      ),
    );
    const storable: ProductRecord[] = [];
    for (const { row, line, record } of batch.accepted) {
      if (known.has(record.siteId)) {
        storable.push(record);
        continue;
      }
      rejected.push({
        row,
        ...(line === undefined ? {} : { line }),
        key: record.serviceTag,
        errors: [{ field: 'siteId', detail: `is not a site of ${organizationId}; import the site first` }],
      });
    }
    if (storable.length > 0) {
      outcomes = await deps.inventory.importProducts(organizationId, storable, deps.clock.now());
    }
  }

  const count = (result: ImportOutcome['result']) =>
    outcomes.filter((outcome) => outcome.result === result).length;
  return {
    organizationId,
    kind: batch.kind,
    received: batch.received,
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    rejected: rejected.length,
    rejectedRows: rejected.sort((a, b) => a.row - b.row),
  };
}
