import { csvCell } from './ledger-export';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks (RFC 4180 §2)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "x"')).toBe('"say ""x"""');
    expect(csvCell('a\nb')).toBe('"a\nb"');
  });

  it('defuses cells a spreadsheet would evaluate as formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('joins field lists with semicolons and leaves nulls empty', () => {
    expect(csvCell(['name', 'email'])).toBe('name;email');
    expect(csvCell(null)).toBe('');
    expect(csvCell(1000)).toBe('1000');
  });
});
