import { describe, expect, it } from 'vitest';
import { MalformedRequestError, ValidationError } from '../../../functions/core/errors';
import { rowsOfCsv, rowsOfJson, validateRows, type RawRow } from '../../../functions/operator/import.schema';

const SITE = {
  siteId: 'MUC-1',
  name: 'Munich plant',
  address: 'Werkstrasse 1',
  city: 'Munich',
  country: 'DE',
};
const PRODUCT = {
  serviceTag: '7XK2P93',
  model: 'PowerEdge R760',
  family: 'PowerEdge',
  siteId: 'MUC-1',
  supportEndDate: '2027-06-30',
};

function rows(...values: unknown[]): RawRow[] {
  return values.map((value, index) => ({ row: index + 1, value }));
}

describe('validateRows for sites', () => {
  it('accepts valid rows, trimmed, with their position', () => {
    const result = validateRows('sites', rows({ ...SITE, name: '  Munich plant ' }));

    expect(result.rejected).toEqual([]);
    expect(result.accepted).toEqual([{ row: 1, record: SITE }]);
  });

  it('rejects each bad row on its own, naming every field at fault', () => {
    const result = validateRows(
      'sites',
      rows(
        SITE,
        { ...SITE, siteId: 'BAD#ID', country: 'DEU', name: '' },
        { ...SITE, siteId: 'B-2', extra: 1 },
      ),
    );

    expect(result.accepted.map((row) => row.row)).toEqual([1]);
    expect(result.rejected).toEqual([
      {
        row: 2,
        key: 'BAD#ID',
        errors: [
          { field: 'siteId', detail: expect.stringContaining('letters') },
          { field: 'name', detail: 'must not be empty' },
          { field: 'country', detail: expect.stringContaining('ISO 3166-1') },
        ],
      },
      { row: 3, key: 'B-2', errors: [{ field: 'extra', detail: 'is not a known field' }] },
    ]);
  });

  it('says which fields are missing, and refuses a row that is not an object', () => {
    const result = validateRows('sites', rows({ siteId: 'S1' }, 'S2,Name', null));

    expect(result.rejected[0]).toEqual({
      row: 1,
      key: 'S1',
      errors: ['name', 'address', 'city', 'country'].map((field) => ({ field, detail: 'is required' })),
    });
    expect(result.rejected[1]).toEqual({ row: 2, errors: [{ field: '', detail: 'must be an object' }] });
    expect(result.rejected[2]).toEqual({ row: 3, errors: [{ field: '', detail: 'must be an object' }] });
  });

  it('rejects a key repeated in one file, naming the row that holds it, even when that row was rejected', () => {
    const result = validateRows(
      'sites',
      rows(
        SITE,
        { ...SITE, name: 'again' },
        { ...SITE, siteId: 'S2', country: 'XX' },
        { ...SITE, siteId: 'S2' },
      ),
    );

    expect(result.accepted.map((row) => row.row)).toEqual([1]);
    expect(result.rejected).toEqual([
      { row: 2, key: 'MUC-1', errors: [{ field: 'siteId', detail: 'repeats row 1' }] },
      { row: 3, key: 'S2', errors: [{ field: 'country', detail: expect.any(String) }] },
      { row: 4, key: 'S2', errors: [{ field: 'siteId', detail: 'repeats row 3' }] },
    ]);
  });
});

describe('validateRows for products', () => {
  it('accepts a valid product', () => {
    expect(validateRows('products', rows(PRODUCT)).accepted).toEqual([{ row: 1, record: PRODUCT }]);
  });

  it.each([
    ['2027-02-30', 'a day that does not exist'],
    ['30/06/2027', 'another date format'],
    ['2027-06-30T00:00:00Z', 'a timestamp'],
  ])('rejects the support end date %s (%s)', (supportEndDate) => {
    const result = validateRows('products', rows({ ...PRODUCT, supportEndDate }));

    expect(result.rejected).toEqual([
      {
        row: 1,
        key: PRODUCT.serviceTag,
        errors: [{ field: 'supportEndDate', detail: 'must be a calendar day written YYYY-MM-DD' }],
      },
    ]);
  });

  it('rejects key separators in families and site ids, and a number where text belongs', () => {
    const result = validateRows(
      'products',
      rows({ ...PRODUCT, family: 'Power#Edge', siteId: 'A#B', model: 7 }),
    );

    expect(result.rejected[0]?.errors.map((error) => error.field)).toEqual(['model', 'family', 'siteId']);
    expect(result.rejected[0]?.errors[0]).toEqual({ field: 'model', detail: 'must be text' });
  });
});

describe('rowsOfJson', () => {
  it('numbers the rows from 1', () => {
    expect(rowsOfJson({ rows: [SITE, 'x'] })).toEqual([
      { row: 1, value: SITE },
      { row: 2, value: 'x' },
    ]);
  });

  it.each([[[SITE]], [{ items: [SITE] }], [{ rows: SITE }], [{ rows: [], more: 1 }]])(
    'refuses %j as a whole (400)',
    (json) => {
      expect(() => rowsOfJson(json)).toThrow(ValidationError);
    },
  );

  it('names each field beside the rows that it does not know', () => {
    expect(() => rowsOfJson({ rows: [], organizationId: 'org-x' })).toThrow(
      expect.objectContaining({
        extensions: { errors: [{ pointer: '/organizationId', detail: 'is not a known field' }] },
      }),
    );
  });
});

describe('rowsOfCsv', () => {
  it('reads a header row in any order and one row per line, with line numbers', () => {
    const csv =
      'country,siteId,name,address,city\nDE,MUC-1,Munich plant,Werkstrasse 1,Munich\n\nFR,PAR-1,Paris,"1 rue X, 2e",Paris\n';

    expect(rowsOfCsv('sites', csv)).toEqual([
      { row: 1, line: 2, value: SITE },
      {
        row: 2,
        line: 4,
        value: { siteId: 'PAR-1', name: 'Paris', address: '1 rue X, 2e', city: 'Paris', country: 'FR' },
      },
    ]);
  });

  it('tolerates a byte order mark and CRLF line ends', () => {
    const csv = '\uFEFFsiteId,name,address,city,country\r\nMUC-1,Munich plant,Werkstrasse 1,Munich,DE\r\n';

    expect(validateRows('sites', rowsOfCsv('sites', csv)).accepted).toEqual([
      { row: 1, line: 2, record: SITE },
    ]);
  });

  it('rejects a line with too few or too many fields as a row, not the file', () => {
    const csv = 'siteId,name,address,city,country\nS1,Name,Street,City\nS2,Name,Street,City,DE,extra\n';
    const result = validateRows('sites', rowsOfCsv('sites', csv));

    expect(result.rejected).toEqual([
      {
        row: 1,
        line: 2,
        key: 'S1',
        errors: [{ field: '', detail: 'has 4 fields; the header names 5 columns' }],
      },
      {
        row: 2,
        line: 3,
        key: 'S2',
        errors: [{ field: '', detail: 'has 6 fields; the header names 5 columns' }],
      },
    ]);
  });

  it('refuses a header with an unknown, a missing or a repeated column, naming each', () => {
    const attempt = () => rowsOfCsv('products', 'serviceTag,model,family,site,supportEndDate,model\n');

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).extensions.errors).toEqual([
        { pointer: 'csv:/header/site', detail: 'is not a known column' },
        { pointer: 'csv:/header/siteId', detail: 'is a missing column' },
        { pointer: 'csv:/header/model', detail: 'is named twice' },
      ]);
    }
  });

  it('refuses a file without a header row, and one that is not CSV', () => {
    expect(() => rowsOfCsv('sites', '\n\n')).toThrow(ValidationError);
    expect(() => rowsOfCsv('sites', 'siteId,name,address,city,country\n"S1,unclosed\n')).toThrow(
      MalformedRequestError,
    );
  });

  it('reads the data rows of a header-only file as none', () => {
    expect(rowsOfCsv('products', 'serviceTag,model,family,siteId,supportEndDate\n')).toEqual([]);
  });
});
