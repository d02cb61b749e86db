/**
 * Delimited text tables with a header row: CSV with RFC 4180 quoting (NSD's
 * nsd_stim_info_merged.csv quotes its cropBox tuples) and TSV (responses.tsv). Lines without a
 * quote are split natively; only records containing a quote go through the character scanner, which
 * keeps the 73000-row NSD csv fast.
 */

export interface Table {
  columns: string[];
  rows: number;
  /** The column's cells as text (a copy). */
  column(name: string): string[];
  /** The column as numbers: empty and NaN cells become NaN, True/False become 1/0. */
  numbers(name: string): Float64Array;
}

export class TableFormatError extends Error {
  override name = 'TableFormatError';
}

export type Delimiter = ',' | '\t';

/** Parses one quoted record starting at `pos`, which may span lines; returns its cells and the next position. */
function quotedRecord(text: string, pos: number, delimiter: Delimiter, line: number): [string[], number] {
  const cells: string[] = [];
  let cell = '';
  let i = pos;
  for (;;) {
    if (text[i] === '"') {
      const start = i;
      for (i++; ; i++) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new TableFormatError(`line ${line}: quote opened at offset ${start} is never closed`);
        cell += text.slice(i, close);
        i = close + 1;
        if (text[i] !== '"') break; // "" is an escaped quote
        cell += '"';
      }
    }
    // Unquoted text up to the next delimiter or end of line (also any text after a closing quote).
    let end = i;
    while (end < text.length && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '"') end++;
    if (text[end] === '"') throw new TableFormatError(`line ${line}: stray quote inside an unquoted field`);
    cell += text.slice(i, end);
    if (text[end] !== delimiter) {
      cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
      return [cells, end + 1];
    }
    cells.push(cell);
    cell = '';
    i = end + 1;
  }
}

export function parseTable(text: string, delimiter?: Delimiter): Table {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // byte-order mark
  const headerEnd = text.indexOf('\n');
  const firstLine = text.slice(0, headerEnd < 0 ? text.length : headerEnd);
  const delim = delimiter ?? (firstLine.includes('\t') ? '\t' : ',');

  let columns: string[] | undefined;
  let cells: string[][] = [];
  let line = 1;
  let nextQuote = text.indexOf('"');
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
    let record: string[];
    const startLine = line;
    if (nextQuote >= 0 && nextQuote < end) {
      const [parsed, next] = quotedRecord(text, pos, delim, startLine);
      for (let i = text.indexOf('\n', pos); i >= 0 && i < next - 1; i = text.indexOf('\n', i + 1)) line++;
      record = parsed;
      pos = next;
    } else {
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end; // drop \r of \r\n
      record = stop === pos ? [] : text.slice(pos, stop).split(delim);
      pos = end + 1;
    }
    line++;
    if (record.length === 0) continue; // blank line
    if (!columns) {
      columns = record;
      cells = columns.map(() => []);
      continue;
    }
    if (record.length !== columns.length) {
      throw new TableFormatError(
        `line ${startLine} has ${record.length} fields, the header has ${columns.length}`,
      );
    }
    for (let j = 0; j < record.length; j++) cells[j].push(record[j]);
  }
  if (!columns) throw new TableFormatError('the table is empty (no header line)');

  const header = columns;
  const indexOf = new Map(header.map((name, j) => [name, j]));
  const get = (name: string): string[] => {
    const j = indexOf.get(name);
    if (j === undefined) {
      throw new TableFormatError(
        `no column ${JSON.stringify(name)}; the table has ${header.map((c) => JSON.stringify(c)).join(', ')}`,
      );
    }
    return cells[j];
  };
  return {
    columns: [...header],
    rows: cells[0]?.length ?? 0,
    column: (name) => get(name).slice(),
    numbers(name) {
      const values = get(name);
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const cell = values[i];
        const v = cell === 'True' ? 1 : cell === 'False' ? 0 : cell === '' ? NaN : Number(cell);
        if (Number.isNaN(v) && cell !== '' && cell.toLowerCase() !== 'nan') {
          throw new TableFormatError(`column ${JSON.stringify(name)} row ${i + 1}: ${JSON.stringify(cell)} is not a number`);
        }
        out[i] = v;
      }
      return out;
    },
  };
}
