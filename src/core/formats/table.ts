/**
 * Delimited text tables with a header row: CSV with RFC 4180 quoting (NSD's
 * nsd_stim_info_merged.csv quotes its cropBox tuples) and TSV (responses.tsv).
 *
 * Parsing only records where each cell starts, found with native indexOf; strings are made when a
 * column is asked for. The full NSD csv has 3 million cells and callers want a handful of its 41
 * columns, so this is several times faster than splitting every line.
 */

export interface Table {
  columns: string[];
  rows: number;
  /** The column's cells as text. */
  column(name: string): string[];
  /** The column as numbers: empty and NaN cells become NaN, True/False become 1/0. */
  numbers(name: string): Float64Array;
}

export class TableFormatError extends Error {
  override name = 'TableFormatError';
}

export type Delimiter = ',' | '\t';

const QUOTE = 0x22;
const CR = 0x0d;

/** Cell start offsets, grown by doubling. */
class Offsets {
  data = new Int32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

export function parseTable(text: string, delimiter?: Delimiter): Table {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const n = text.length;
  const firstLineEnd = text.indexOf('\n');
  const delim = delimiter ?? (text.slice(0, firstLineEnd < 0 ? n : firstLineEnd).includes('\t') ? '\t' : ',');
  const delimCode = delim.charCodeAt(0);

  const starts = new Offsets();
  const rowEnds: number[] = []; // end of each row's last cell (before \r\n)
  let header: string[] | undefined;
  let width = 0;
  let line = 1;
  let nextDelim = text.indexOf(delim); // the first delimiter at or after some position ≤ pos; -1: none left
  for (let pos = 0; pos < n;) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = n;
    if (lineEnd === pos || (lineEnd === pos + 1 && text.charCodeAt(pos) === CR)) {
      pos = lineEnd + 1; // blank line
      line++;
      continue;
    }
    const rowLine = line;
    const rowStart = starts.length;
    for (;;) {
      starts.push(pos);
      if (text.charCodeAt(pos) === QUOTE) {
        let close = text.indexOf('"', pos + 1);
        while (close >= 0 && text.charCodeAt(close + 1) === QUOTE) close = text.indexOf('"', close + 2); // ""
        if (close < 0) throw new TableFormatError(`line ${rowLine}: a quoted field is never closed`);
        if (close > lineEnd) {
          // The quoted field holds line breaks; the record goes on to a later line.
          for (let i = lineEnd; i >= 0 && i < close; i = text.indexOf('\n', i + 1)) line++;
          lineEnd = text.indexOf('\n', close);
          if (lineEnd < 0) lineEnd = n;
        }
        pos = close + 1;
        const after = text.charCodeAt(pos);
        if (pos < lineEnd && after !== delimCode && !(after === CR && pos + 1 === lineEnd)) {
          throw new TableFormatError(`line ${line}: text after the closing quote of a field`);
        }
      }
      if (nextDelim !== -1 && nextDelim < pos) nextDelim = text.indexOf(delim, pos);
      if (nextDelim === -1 || nextDelim > lineEnd) break;
      pos = nextDelim + 1;
    }
    rowEnds.push(lineEnd > 0 && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd);
    const fields = starts.length - rowStart;
    if (!header) {
      width = fields;
      header = Array.from({ length: width }, (_, j) => cell(0, j));
      starts.length = 0;
      rowEnds.length = 0;
    } else if (fields !== width) {
      throw new TableFormatError(`line ${rowLine} has ${fields} fields, the header has ${width}`);
    }
    pos = lineEnd + 1;
    line++;
  }
  if (!header) throw new TableFormatError('the table is empty (no header line)');

  function cell(row: number, j: number): string {
    const k = row * width + j;
    const start = starts.data[k];
    const end = j + 1 < width ? starts.data[k + 1] - 1 : rowEnds[row];
    return text.charCodeAt(start) === QUOTE
      ? text.slice(start + 1, end - 1).replaceAll('""', '"')
      : text.slice(start, end);
  }

  const columns = header;
  const rows = rowEnds.length;
  const indexOf = new Map(columns.map((name, j) => [name, j]));
  const columnIndex = (name: string): number => {
    const j = indexOf.get(name);
    if (j === undefined) {
      throw new TableFormatError(
        `no column ${JSON.stringify(name)}; the table has ${columns.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    }
    return j;
  };
  return {
    columns: [...columns],
    rows,
    column(name) {
      const j = columnIndex(name);
      return Array.from({ length: rows }, (_, r) => cell(r, j));
    },
    numbers(name) {
      const j = columnIndex(name);
      const out = new Float64Array(rows);
      for (let r = 0; r < rows; r++) {
        const text = cell(r, j);
        const v = text === 'True' ? 1 : text === 'False' ? 0 : text === '' ? NaN : Number(text);
        if (Number.isNaN(v) && text !== '' && text.toLowerCase() !== 'nan') {
          throw new TableFormatError(
            `column ${JSON.stringify(name)} row ${r + 1}: ${JSON.stringify(text)} is not a number`,
          );
        }
        out[r] = v;
      }
      return out;
    },
  };
}
