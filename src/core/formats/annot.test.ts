import { describe, expect, it } from 'vitest';
import { readAnnot } from './annot';

interface Entry {
  id?: number;
  name: string;
  rgbt: [number, number, number, number];
}

/**
 * An annotation as FreeSurfer writes it, every field a big-endian int32 and every string
 * length-prefixed and NUL-terminated. `pairs` are (vertex, packed colour).
 */
function annotBytes(
  nVertices: number,
  pairs: number[][],
  entries: Entry[],
  table: 'old' | 'new' = 'new',
): Uint8Array {
  const out: number[] = [];
  const int = (v: number) => out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const string = (s: string) => {
    int(s.length + 1);
    for (const c of s) out.push(c.charCodeAt(0));
    out.push(0);
  };
  int(nVertices);
  pairs.flat().forEach(int);
  int(1);
  if (table === 'new') {
    int(-2);
    int(Math.max(...entries.map((e, k) => e.id ?? k)) + 1);
    string('/usr/local/freesurfer/FreeSurferColorLUT.txt');
    int(entries.length);
  } else {
    int(entries.length);
    string('/usr/local/freesurfer/FreeSurferColorLUT.txt');
  }
  entries.forEach((e, k) => {
    if (table === 'new') int(e.id ?? k);
    string(e.name);
    e.rgbt.forEach(int);
  });
  return Uint8Array.from(out);
}

const packed = ([r, g, b]: number[]) => r + 256 * g + 65536 * b;
const ENTRIES: Entry[] = [
  { name: 'unknown', rgbt: [25, 5, 25, 0] },
  { name: 'bankssts', rgbt: [25, 100, 40, 0] },
  { name: 'cuneus', rgbt: [220, 180, 140, 64] },
];
const [UNKNOWN, BANKSSTS, CUNEUS] = ENTRIES.map((e) => packed(e.rgbt));

describe('annot', () => {
  it('maps packed colours to 1-based labels, 0 for unlabelled, with names and RGBA', () => {
    // Vertices listed out of order; vertex 5 has a colour the table lacks.
    const bytes = annotBytes(
      6,
      [
        [4, CUNEUS],
        [0, BANKSSTS],
        [1, UNKNOWN],
        [2, 0],
        [3, 0],
        [5, packed([1, 2, 3])],
      ],
      ENTRIES,
    );
    const annot = readAnnot(bytes);
    expect(Array.from(annot.labels)).toEqual([2, 1, 0, 0, 3, 0]);
    expect(annot.names).toEqual(['unknown', 'bankssts', 'cuneus']);
    expect(Array.from(annot.colors)).toEqual([25, 5, 25, 255, 25, 100, 40, 255, 220, 180, 140, 191]);
  });

  it('reads the old colour-table format and new-format tables with gaps in the structure ids', () => {
    const pairs = [
      [0, CUNEUS],
      [1, BANKSSTS],
    ];
    expect(Array.from(readAnnot(annotBytes(2, pairs, ENTRIES, 'old')).labels)).toEqual([3, 2]);
    const sparse = ENTRIES.map((e, k) => ({ ...e, id: [0, 1001, 1035][k] }));
    const annot = readAnnot(annotBytes(2, pairs, sparse));
    expect(Array.from(annot.labels)).toEqual([3, 2]);
    expect(annot.names).toEqual(['unknown', 'bankssts', 'cuneus']);
  });

  it('labels a colour two structures share with the first', () => {
    const twins: Entry[] = [...ENTRIES, { name: 'twin', rgbt: [25, 100, 40, 0] }];
    const annot = readAnnot(annotBytes(1, [[0, BANKSSTS]], twins));
    expect(annot.labels[0]).toBe(2);
    expect(annot.names).toHaveLength(4);
  });

  it('names what is wrong with a bad annotation', () => {
    const good = annotBytes(
      2,
      [
        [0, CUNEUS],
        [1, BANKSSTS],
      ],
      ENTRIES,
    );
    expect(() => readAnnot(good.subarray(0, 2))).toThrow(/truncated in the vertex count/);
    expect(() => readAnnot(good.subarray(0, 12))).toThrow(
      /truncated in 2 \(vertex, label\) pairs: it needs 20 bytes, the file has 12/,
    );
    expect(() => readAnnot(good.subarray(0, 20))).toThrow(/truncated in the colour-table flag/);
    expect(() => readAnnot(good.subarray(0, 24))).toThrow(/truncated in the colour-table size/);
    expect(() => readAnnot(good.subarray(0, good.length - 3))).toThrow(
      /truncated in colour-table entry 2’s colour/,
    );
    const noTable = good.slice();
    noTable.fill(0, 20, 24);
    expect(() => readAnnot(noTable)).toThrow(/has no colour table/);
    const version3 = good.slice();
    version3.set([0xff, 0xff, 0xff, 0xfd], 24);
    expect(() => readAnnot(version3)).toThrow(/colour-table version 3 is not supported/);
    expect(() =>
      readAnnot(
        annotBytes(
          2,
          [
            [2, CUNEUS],
            [0, CUNEUS],
          ],
          ENTRIES,
        ),
      ),
    ).toThrow(/pair 0 names vertex 2, but there are 2/);
    expect(() => readAnnot(Uint8Array.from([0xff, 0, 0, 0]))).toThrow(/vertex count -16777216 is negative/);
  });
});
