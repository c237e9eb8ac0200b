import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  csvField,
  csvHeader,
  csvLine,
  exportFileName,
  exportRow,
} from '../../../../functions/core/domain/product-export';

describe('product export', () => {
  it('defuses what a spreadsheet would run as a formula, and quotes what CSV must', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(
      '"\'=HYPERLINK(""http://evil.example"",""x"")"',
    );
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('PowerEdge R750')).toBe('PowerEdge R750');
    expect(csvField('Müller, Köln')).toBe('"Müller, Köln"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a UTF-8 BOM, a header row and CRLF lines with ISO dates', () => {
    const row = exportRow(
      {
        serviceTag: '7XK2P93',
        model: 'PowerEdge R750',
        family: 'PowerEdge',
        siteId: 'MUC-1',
        supportEndDate: '2027-06-30',
        supportStatus: 'ACTIVE',
      },
      { siteId: 'MUC-1', name: 'Werk München', address: 'Street 1', city: 'München', country: 'DE' },
    );

    expect(csvHeader()).toBe(
      `${CSV_BOM}Service tag,Model,Family,Site ID,Site,City,Country,Support end date,Support status\r\n`,
    );
    expect(csvLine(row)).toBe(
      '7XK2P93,PowerEdge R750,PowerEdge,MUC-1,Werk München,München,DE,2027-06-30,ACTIVE\r\n',
    );
    expect(exportFileName('csv', '2026-12-05')).toBe('products-2026-12-05.csv');
  });
});
