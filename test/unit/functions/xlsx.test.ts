import { strFromU8, unzipSync } from 'fflate';
import { columnName, xlsxBytes } from '../../../cloudfunctions/_shared/xlsx';

describe('xlsx writer', () => {
  it('names columns like Excel', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('writes the five parts, numbers as numbers, text escaped, control characters dropped, a bold frozen header', () => {
    const parts = unzipSync(xlsxBytes('评议/2026[上]', [['排名', '评语'], [1, 'a & b <c>\u0001'], [2, '=SUM(A1)']]));
    expect(Object.keys(parts).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<c r="A2"><v>1</v></c>');
    expect(sheet).toContain('<t xml:space="preserve">a &amp; b &lt;c&gt;</t>');
    // inline strings are never formulas
    expect(sheet).toContain('<c r="B3" t="inlineStr"><is><t xml:space="preserve">=SUM(A1)</t></is></c>');
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1">');
    expect(sheet).toContain('state="frozen"');
    expect(strFromU8(parts['xl/workbook.xml'])).toContain('name="评议 2026 上 "');
  });
});
