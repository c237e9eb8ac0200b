import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../functions/core/domain/portal-import';
import { mergeReports, splitCsv, splitJson } from '../../../local/import-files';

const HEADER = 'siteId,name,address,city,country';

function report(overrides: Partial<ImportReport>): ImportReport {
  return {
    organizationId: 'org-acme',
    kind: 'sites',
    received: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejectedRows: [],
    ...overrides,
  };
}

describe('splitCsv', () => {
  it('cuts a file into parts that each repeat the header, keeping each row’s line in the file', () => {
    const text = `\uFEFF${HEADER}\r\nS1,A,"1 Street,\nBuilding B",X,DE\r\nS2,B,Road,Y,FR\r\n\r\nS3,C,Lane,Z,GB\r\n`;

    const parts = splitCsv(text, 2);

    expect(parts.map((part) => part.body)).toEqual([
      `${HEADER}\nS1,A,"1 Street,\nBuilding B",X,DE\nS2,B,Road,Y,FR\n`,
      `${HEADER}\nS3,C,Lane,Z,GB\n`,
    ]);
    expect(parts.map((part) => [part.rowOffset, part.lines])).toEqual([
      [0, [3, 4]],
      [2, [6]],
    ]);
  });

  it('sends a header-only file as one empty part', () => {
    expect(splitCsv(`${HEADER}\n`, 2).map((part) => part.body)).toEqual([`${HEADER}\n`]);
  });
});

describe('splitJson', () => {
  it('takes an array of rows or { rows }, in parts of at most the given size', () => {
    expect(splitJson('[1,2,3]', 2).map((part) => [part.rowOffset, part.body])).toEqual([
      [0, '{"rows":[1,2]}'],
      [2, '{"rows":[3]}'],
    ]);
    expect(splitJson('{"rows":[1]}', 2).map((part) => part.body)).toEqual(['{"rows":[1]}']);
    expect(() => splitJson('{"items":[]}', 2)).toThrow();
  });
});

describe('mergeReports', () => {
  it('adds the counts and numbers rejected rows and lines as in the whole file', () => {
    const [first, second] = splitCsv(`${HEADER}\nS1,A,B,C,DE\nS2,A,B,C,XX\nS3,A,B,C,XX\n`, 2);
    if (!first || !second) throw new Error('two parts expected');
    const errors = [{ field: 'country', detail: 'bad' }];

    const merged = mergeReports('org-acme', 'sites', [
      {
        part: first,
        report: report({
          received: 2,
          created: 1,
          rejected: 1,
          rejectedRows: [{ row: 2, line: 3, key: 'S2', errors }],
        }),
      },
      {
        part: second,
        report: report({ received: 1, rejected: 1, rejectedRows: [{ row: 1, line: 2, key: 'S3', errors }] }),
      },
    ]);

    expect(merged).toMatchObject({ received: 3, created: 1, rejected: 2 });
    expect(merged.rejectedRows.map((row) => [row.row, row.line, row.key])).toEqual([
      [2, 3, 'S2'],
      [3, 4, 'S3'],
    ]);
  });
});
