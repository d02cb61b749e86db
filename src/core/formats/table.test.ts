import { describe, expect, it } from 'vitest';
import { parseTable } from './table';

describe('table', () => {
  it('parses RFC 4180 CSV: quoted delimiters, escaped quotes, line breaks, CRLF, BOM', () => {
    const csv =
      '\uFEFF,id,cropBox,note\r\n' +
      '0,7,"(0, 0, 0.1, 0.1)",plain\r\n' +
      '1,8,"say ""hi""","two\r\nlines"\r\n' +
      '\r\n' +
      '2,9,,""\r\n';
    const table = parseTable(csv);
    expect(table.columns).toEqual(['', 'id', 'cropBox', 'note']);
    expect(table.rows).toBe(3);
    expect(table.column('cropBox')).toEqual(['(0, 0, 0.1, 0.1)', 'say "hi"', '']);
    expect(table.column('note')).toEqual(['plain', 'two\r\nlines', '']);
    expect(Array.from(table.numbers(''))).toEqual([0, 1, 2]);
    expect(Array.from(table.numbers('id'))).toEqual([7, 8, 9]);
  });

  it('detects tabs from the header line and honours an explicit delimiter', () => {
    const tsv = 'SUBJECT\t73KID\tRT\n1\t9716\t800\n1\t41149\t\n';
    const table = parseTable(tsv);
    expect(table.columns).toEqual(['SUBJECT', '73KID', 'RT']);
    expect(Array.from(table.numbers('73KID'))).toEqual([9716, 41149]);
    expect(Array.from(table.numbers('RT'))).toEqual([800, NaN]);
    // Forced to commas, the same text is a one-column table.
    expect(parseTable(tsv, ',').columns).toEqual(['SUBJECT\t73KID\tRT']);
    expect(parseTable('a;b\n1;2', '\t').column('a;b')).toEqual(['1;2']);
  });

  it('turns booleans, NaN and empty cells into numbers', () => {
    const table = parseTable('flag,x\nTrue,1.5e3\nFalse,nan\nTrue,-0.25\nFalse,\n');
    expect(Array.from(table.numbers('flag'))).toEqual([1, 0, 1, 0]);
    expect(Array.from(table.numbers('x'))).toEqual([1500, NaN, -0.25, NaN]);
  });

  it('handles a last line without a newline, trailing empty cells and a header-only table', () => {
    expect(parseTable('a,b\n1,').column('b')).toEqual(['']);
    expect(parseTable('a,b\r\n1,\r\n').column('b')).toEqual(['']);
    expect(parseTable('a,"b"\n1,"x"').column('b')).toEqual(['x']);
    const empty = parseTable('a,b\n');
    expect(empty.rows).toBe(0);
    expect(empty.numbers('a')).toEqual(new Float64Array(0));
  });

  it('names what is wrong', () => {
    const table = parseTable('nsdId,cocoSplit\n0,train2017\n');
    expect(() => table.column('nsdid')).toThrow('no column "nsdid"; the table has "nsdId", "cocoSplit"');
    expect(() => table.numbers('cocoSplit')).toThrow(/column "cocoSplit" row 1: "train2017" is not a number/);
    expect(() => parseTable('a,b\n1,2\n\n3\n')).toThrow(/line 4 has 1 fields, the header has 2/);
    expect(() => parseTable('a,b\n1,"2\n3,4\n')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseTable('a,b\n1,"2"x\n')).toThrow(/line 2: text after the closing quote/);
    expect(() => parseTable('a,b\n"x\ny",1\n1,2,3\n')).toThrow(/line 4 has 3 fields/);
    expect(() => parseTable('\n\r\n')).toThrow(/the table is empty/);
  });
});
