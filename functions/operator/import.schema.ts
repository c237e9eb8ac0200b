import { parse } from 'csv-parse/sync';
import type * as z from 'zod/mini';
import type { ProductRecord, Site } from '../core/domain/portal';
import {
  IMPORT_COLUMNS,
  IMPORT_KEY,
  type AcceptedRow,
  type ImportKind,
  type RejectedRow,
  type RowPosition,
  type RowProblem,
} from '../core/domain/portal-import';
import { MalformedRequestError, ValidationError } from '../core/errors';
import { fieldProblems } from '../http/request';
import { importJsonBody, productRow, siteRow } from './import-portal-data.route';
import * as problemDetails from '../core/i18n/details/compiled/index';

/**
 * Reading and judging the rows of an import (JSON or CSV). The zod schemas of the route and of one row live in
 * import-portal-data.route.ts, which the route list imports: this module (and csv-parse) stays in the import
 * function.
 */

/** A row as read from the body, before it is judged. */
export interface RawRow extends RowPosition {
  readonly value: unknown;
  /** What is wrong with the row as read (a CSV line with too few or too many fields). */
  readonly problems?: readonly RowProblem[] | undefined;
}

export type ValidatedRows<T> = {
  readonly accepted: AcceptedRow<T>[];
  readonly rejected: RejectedRow[];
};

function problemsOf(error: z.core.$ZodError, value: unknown): RowProblem[] {
  const row = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return error.issues.flatMap((issue): RowProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: key, detail: 'is not a known field' }));
    }
    const field = issue.path.map(String).join('.');
    if (issue.code !== 'invalid_type') return [{ field, detail: issue.message }];
    if (field === '') return [{ field, detail: 'must be an object' }];
    return [{ field, detail: row[field] === undefined ? 'is required' : 'must be text' }];
  });
}

function keyOf(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const key: unknown = (value as Record<string, unknown>)[field];
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

export function validateRows(kind: 'sites', rows: readonly RawRow[]): ValidatedRows<Site>;
export function validateRows(kind: 'products', rows: readonly RawRow[]): ValidatedRows<ProductRecord>;
export function validateRows(kind: ImportKind, rows: readonly RawRow[]): ValidatedRows<Site | ProductRecord>;
/**
 * Judges each row on its own: the row's schema, then its key against the rows before it (the first row with a
 * key holds it, even when rejected for another reason; later ones are rejected as repeats).
 */
export function validateRows(kind: ImportKind, rows: readonly RawRow[]): ValidatedRows<Site | ProductRecord> {
  const schema = kind === 'sites' ? siteRow : productRow;
  const keyField = IMPORT_KEY[kind];
  const firstRowOf = new Map<string, number>();
  const accepted: AcceptedRow<Site | ProductRecord>[] = [];
  const rejected: RejectedRow[] = [];
  for (const { row, line, value, problems } of rows) {
    const position = { row, ...(line === undefined ? {} : { line }) };
    const parsed = problems ? undefined : schema.safeParse(value);
    const key = parsed?.success ? parsed.data[keyField as keyof typeof parsed.data] : keyOf(value, keyField);
    const errors =
      parsed === undefined ? [...(problems ?? [])] : parsed.success ? [] : problemsOf(parsed.error, value);
    const first = key === undefined ? undefined : firstRowOf.get(key);
    if (first !== undefined) errors.push({ field: keyField, detail: `repeats row ${first}` });
    else if (key !== undefined) firstRowOf.set(key, row);
    if (parsed?.success && errors.length === 0) accepted.push({ ...position, record: parsed.data });
    else rejected.push({ ...position, ...(key === undefined ? {} : { key }), errors });
  }
  return { accepted, rejected };
}

/** The rows of a JSON import body (already parsed JSON); 400 when it is not `{ "rows": [...] }`. */
export function rowsOfJson(json: unknown): RawRow[] {
  const parsed = importJsonBody.safeParse(json);
  if (!parsed.success) {
    throw new ValidationError(
      'The body must be a JSON object { "rows": [ ... ] }.',
      fieldProblems(parsed.error, json),
    ).keyed(problemDetails.importJsonShape, { example: '{ "rows": [ ... ] }' });
  }
  return parsed.data.rows.map((value, index) => ({ row: index + 1, value }));
}

/**
 * The rows of a CSV import: a header row naming exactly the kind's columns (in any order), then one row per
 * line (quoted fields may span lines; `line` is where the row ends). A leading BOM and blank lines are
 * ignored. A file that cannot be read as CSV, or whose header is wrong, is refused as a whole.
 */
export function rowsOfCsv(kind: ImportKind, csv: string): RawRow[] {
  let records: Array<{ readonly record: string[]; readonly info: { readonly lines: number } }>;
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new MalformedRequestError(`The body is not valid CSV: ${(error as Error).message}.`).keyed(
      problemDetails.csvInvalid,
      { reason: (error as Error).message },
    );
  }
  const [header, ...data] = records;
  const expected: readonly string[] = IMPORT_COLUMNS[kind];
  if (!header) {
    throw new ValidationError(`A CSV import starts with a header row: ${expected.join(',')}.`, [
      { pointer: 'csv:/header', detail: 'is required' },
    ]).keyed(problemDetails.csvHeaderRequired, { columns: expected.join(',') });
  }
  const columns = header.record.map((name) => name.trim());
  const problems = [
    ...columns
      .filter((name) => !expected.includes(name))
      .map((name) => ({ pointer: `csv:/header/${name}`, detail: 'is not a known column' })),
    ...expected
      .filter((name) => !columns.includes(name))
      .map((name) => ({ pointer: `csv:/header/${name}`, detail: 'is a missing column' })),
    ...columns
      .filter((name, index) => columns.indexOf(name) !== index)
      .map((name) => ({ pointer: `csv:/header/${name}`, detail: 'is named twice' })),
  ];
  if (problems.length > 0) {
    throw new ValidationError(
      `The CSV header row must name exactly these columns: ${expected.join(',')}.`,
      problems,
    ).keyed(problemDetails.csvHeaderColumns, { columns: expected.join(',') });
  }
  return data.map(({ record, info }, index) => {
    const value = Object.fromEntries(columns.map((name, column) => [name, record[column]]));
    const position = { row: index + 1, line: info.lines };
    if (record.length === columns.length) return { ...position, value };
    const detail = `has ${record.length} fields; the header names ${columns.length} columns`;
    return { ...position, value, problems: [{ field: '', detail }] };
  });
}
