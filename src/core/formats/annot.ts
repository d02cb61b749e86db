/**
 * FreeSurfer annotations (`lh.aparc.annot`, …), big-endian int32 throughout, laid out as nibabel's
 * freesurfer/io.py `read_annot` reads them: the vertex count, (vertex, value) pairs, a colour-table
 * flag, then the table, in the old format (a positive entry count) or the new one (version 2,
 * stored as -2). A vertex's value is its structure's colour packed as R + G·256 + B·65536.
 */
import { dataView, readNumbers } from './binary';

export class AnnotFormatError extends Error {
  override name = 'AnnotFormatError';
}

export interface Annotation {
  /**
   * Per vertex: k = names[k - 1], or 0 = unlabelled (value 0, or a colour the table lacks), as in
   * the bundle's RoiSet and the viewer's categorical overlays. nibabel's `read_annot` gives k - 1,
   * with -1 for unlabelled. FreeSurfer's own "unknown" structure, when the table has one, is a
   * label like any other.
   */
  labels: Int32Array;
  /** Structure names in colour-table order. */
  names: string[];
  /** RGBA (0..255), four per name; alpha is 255 minus the table's transparency. */
  colors: Uint8Array;
}

const NEW_TABLE_VERSION = 2;

/** Sequential big-endian reads that name the field a short file lacks. */
function cursor(bytes: Uint8Array) {
  const view = dataView(bytes);
  const decoder = new TextDecoder();
  let pos = 0;
  const need = (n: number, what: string) => {
    if (n < 0 || pos + n > bytes.length) {
      throw new AnnotFormatError(
        `annotation is truncated in ${what}: it needs ${pos + n} bytes, the file has ${bytes.length}`,
      );
    }
  };
  const int = (what: string) => {
    need(4, what);
    pos += 4;
    return view.getInt32(pos - 4, false);
  };
  return {
    int,
    /** A length-prefixed string, up to its first NUL. */
    string(what: string): string {
      const length = int(`the length of ${what}`);
      need(length, what);
      const raw = bytes.subarray(pos, pos + length);
      pos += length;
      const nul = raw.indexOf(0);
      return decoder.decode(nul < 0 ? raw : raw.subarray(0, nul));
    },
    ints(count: number, what: string): Int32Array {
      need(4 * count, what);
      pos += 4 * count;
      return readNumbers(bytes, pos - 4 * count, count, 'int32', false);
    },
  };
}

export function readAnnot(bytes: Uint8Array): Annotation {
  const read = cursor(bytes);
  const nVertices = read.int('the vertex count');
  if (nVertices < 0) throw new AnnotFormatError(`annotation vertex count ${nVertices} is negative`);
  const pairs = read.ints(2 * nVertices, `${nVertices} (vertex, label) pairs`);
  const values = new Int32Array(nVertices);
  for (let i = 0; i < pairs.length; i += 2) {
    const vertex = pairs[i];
    if (vertex < 0 || vertex >= nVertices) {
      throw new AnnotFormatError(
        `annotation pair ${i / 2} names vertex ${vertex}, but there are ${nVertices}`,
      );
    }
    values[vertex] = pairs[i + 1];
  }

  if (read.int('the colour-table flag') === 0) {
    throw new AnnotFormatError('annotation has no colour table, so its labels have no names');
  }
  const header = read.int('the colour-table size');
  let entries = header;
  if (header <= 0) {
    if (-header !== NEW_TABLE_VERSION) {
      throw new AnnotFormatError(
        `annotation colour-table version ${-header} is not supported (only the old format and version 2)`,
      );
    }
    read.int('the colour table’s maximum structure id');
    read.string('the colour table’s file name');
    entries = read.int('the colour-table entry count');
  } else {
    read.string('the colour table’s file name');
  }
  if (entries < 0) throw new AnnotFormatError(`annotation colour-table entry count ${entries} is negative`);
  const names: string[] = [];
  const colors = new Uint8Array(4 * entries);
  const labelOf = new Map<number, number>();
  for (let k = 0; k < entries; k++) {
    // The new format prefixes each entry with its structure id; labels follow table order instead.
    if (header <= 0) read.int(`colour-table entry ${k}’s structure id`);
    names.push(read.string(`colour-table entry ${k}’s name`));
    const [r, g, b, transparency] = read.ints(4, `colour-table entry ${k}’s colour`);
    colors.set([r, g, b, 255 - transparency], 4 * k);
    const packed = r + g * 256 + b * 65536;
    // Two structures with one colour are indistinguishable in the vertex values: the first wins.
    if (!labelOf.has(packed)) labelOf.set(packed, k + 1);
  }

  const labels = new Int32Array(nVertices);
  for (let v = 0; v < nVertices; v++) labels[v] = values[v] === 0 ? 0 : (labelOf.get(values[v]) ?? 0);
  return { labels, names, colors };
}
