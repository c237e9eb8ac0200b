/**
 * An operator's import of sites or products for one organization (docs/portal.md, "Imports"): rows are judged
 * one by one, and the answer says what happened to every row.
 */

export const IMPORT_KINDS = ['sites', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Most rows one request may hold; `npm run import` splits larger files. */
export const MAX_IMPORT_ROWS = 5000;

/** The columns of a CSV import, as its header row must name them (in any order), and the row's key. */
export const IMPORT_COLUMNS = {
  sites: ['siteId', 'name', 'address', 'city', 'country'],
  products: ['serviceTag', 'model', 'family', 'siteId', 'supportEndDate'],
} as const satisfies Record<ImportKind, readonly string[]>;

export const IMPORT_KEY = { sites: 'siteId', products: 'serviceTag' } as const satisfies Record<
  ImportKind,
  string
>;

export interface RowProblem {
  /** The column (field) at fault; empty for the row as a whole. */
  readonly field: string;
  readonly detail: string;
}

/** Where a row came from: its position among the rows (from 1) and, in a CSV file, its line. */
export interface RowPosition {
  readonly row: number;
  readonly line?: number | undefined;
}

export interface RejectedRow extends RowPosition {
  /** The row's siteId or serviceTag, when it has one. */
  readonly key?: string | undefined;
  readonly errors: readonly RowProblem[];
}

export interface AcceptedRow<T> extends RowPosition {
  readonly record: T;
}

export interface ImportReport {
  readonly organizationId: string;
  readonly kind: ImportKind;
  readonly received: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** By row. */
  readonly rejectedRows: readonly RejectedRow[];
}
