import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatBytes, toBytes, type NumericArray } from './binary';
import { matAt, readMat } from './matv5';

/** A MAT-file level 5 built by hand, following MathWorks' "MAT-File Format" document. */
class MatWriter {
  constructor(readonly le = true) {}

  u32(...values: number[]): Uint8Array {
    return toBytes(Uint32Array.from(values), this.le);
  }

  /** A data element with an 8-byte tag, padded to 8 bytes (padding is optional for miCOMPRESSED). */
  element(type: number, payload: Uint8Array, pad = true): Uint8Array {
    const size = pad ? Math.ceil(payload.length / 8) * 8 : payload.length;
    const out = new Uint8Array(8 + size);
    out.set(this.u32(type, payload.length));
    out.set(payload, 8);
    return out;
  }

  /** The compact form: type and size packed into one word, up to 4 bytes of data. */
  small(type: number, payload: Uint8Array): Uint8Array {
    const out = new Uint8Array(8);
    out.set(this.u32((payload.length << 16) | type));
    out.set(payload, 4);
    return out;
  }

  matrix(
    name: string,
    cls: number,
    dims: number[],
    real?: [number, NumericArray],
    opts: { logical?: boolean; smallName?: boolean } = {},
  ): Uint8Array {
    const nameBytes = new TextEncoder().encode(name);
    const parts = [
      this.element(6, this.u32(cls | (opts.logical ? 0x200 : 0), 0)),
      this.element(5, toBytes(Int32Array.from(dims), this.le)),
      opts.smallName ? this.small(1, nameBytes) : this.element(1, nameBytes),
    ];
    if (real) {
      const bytes = toBytes(real[1], this.le);
      parts.push(bytes.length <= 4 ? this.small(real[0], bytes) : this.element(real[0], bytes));
    }
    return this.element(14, concatBytes(parts));
  }

  file(...elements: Uint8Array[]): Uint8Array {
    const header = new Uint8Array(128).fill(0x20);
    header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by a test'));
    header.set(toBytes(Uint16Array.from([0x0100]), this.le), 124);
    header.set(toBytes(Uint16Array.from([0x4d49]), this.le), 126); // 'MI' as a 16-bit number
    return concatBytes([header, ...elements]);
  }
}

function sampleFile(w: MatWriter): Uint8Array {
  return w.file(
    // 2×3 double [[1 2 3]; [4 5 6]] stored column by column.
    w.matrix('a', 6, [2, 3], [9, Float64Array.from([1, 4, 2, 5, 3, 6])]),
    // A double array that MATLAB stored as miUINT8, and one stored as miINT16.
    w.matrix('idx', 6, [1, 4], [2, Uint8Array.from([1, 2, 200, 255])], { smallName: true }),
    w.matrix('neg', 6, [1, 3], [3, Int16Array.from([-300, 0, 300])]),
    // int32 class, single, and a scalar whose data is a small element.
    w.matrix('i32', 12, [2, 1], [5, Int32Array.from([-7, 2 ** 31 - 1])]),
    w.matrix('f', 7, [1, 1], [7, Float32Array.from([0.5])]),
    w.matrix('one', 6, [1, 1], [2, Uint8Array.from([42])]),
    w.matrix('u64', 15, [1, 2], [13, BigUint64Array.from([0n, 2n ** 40n])]),
    w.matrix('mask', 9, [1, 3], [2, Uint8Array.from([1, 0, 1])], { logical: true }),
    // A char array and a cell array are skipped.
    w.matrix('label', 4, [1, 2], [4, Uint16Array.from([104, 105])]),
    w.matrix('cells', 1, [1, 1], undefined),
  );
}

describe('matv5', () => {
  it('reads numeric arrays of every storage type as doubles, skipping char and cell arrays', async () => {
    const mat = await readMat(sampleFile(new MatWriter()));
    expect([...mat.keys()]).toEqual(['a', 'idx', 'neg', 'i32', 'f', 'one', 'u64', 'mask']);
    const a = mat.get('a')!;
    expect(a.dims).toEqual([2, 3]);
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(matAt(a, 0, 2)).toBe(3);
    expect(matAt(a, 1, 0)).toBe(4);
    expect(Array.from(mat.get('idx')!.data)).toEqual([1, 2, 200, 255]);
    expect(Array.from(mat.get('neg')!.data)).toEqual([-300, 0, 300]);
    expect(Array.from(mat.get('i32')!.data)).toEqual([-7, 2 ** 31 - 1]);
    expect(Array.from(mat.get('f')!.data)).toEqual([0.5]);
    expect(Array.from(mat.get('one')!.data)).toEqual([42]);
    expect(Array.from(mat.get('u64')!.data)).toEqual([0, 2 ** 40]);
    expect(Array.from(mat.get('mask')!.data)).toEqual([1, 0, 1]);
  });

  it('reads big-endian files the same way', async () => {
    const le = await readMat(sampleFile(new MatWriter(true)));
    const be = await readMat(sampleFile(new MatWriter(false)));
    expect(be).toEqual(le);
  });

  it('reads zlib-compressed (v7) elements', async () => {
    const w = new MatWriter();
    const inner = w.matrix('z', 6, [2, 2, 2], [9, Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7])]);
    const mat = await readMat(
      w.file(
        w.element(15, deflateSync(inner), false),
        w.matrix('after', 6, [1, 1], [9, Float64Array.from([9])]),
      ),
    );
    const z = mat.get('z')!;
    expect(z.dims).toEqual([2, 2, 2]);
    expect(matAt(z, 1, 0, 1)).toBe(5); // i + 2j + 4k
    expect(matAt(z, 0, 1, 1)).toBe(6);
    expect(mat.get('after')!.data[0]).toBe(9);
  });

  it('checks matAt subscripts', async () => {
    const a = (await readMat(sampleFile(new MatWriter()))).get('a')!;
    expect(() => matAt(a, 2, 0)).toThrow(/index 2 out of range for dimension 0 of a 2×3 array/);
    expect(() => matAt(a, 0)).toThrow(/1 indices for a 2×3 array/);
  });

  it('rejects v7.3 (HDF5) files, pointing to the HDF5 reader', async () => {
    const v73 = new Uint8Array(1024);
    v73.set(
      new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: ... HDF5 schema 1.00 .'),
    );
    await expect(readMat(v73)).rejects.toThrow(/v7\.3 is an HDF5 file; open it with the HDF5 reader/);
    const signature = new Uint8Array(1024);
    signature.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512);
    await expect(readMat(signature)).rejects.toThrow(/HDF5/);
  });

  it('names what is wrong with a bad file', async () => {
    await expect(readMat(new Uint8Array(10))).rejects.toThrow(/not a MAT-file: only 10 bytes/);
    await expect(readMat(new Uint8Array(200))).rejects.toThrow(/no IM\/MI endian indicator/);
    const good = sampleFile(new MatWriter());
    await expect(readMat(good.subarray(0, 150))).rejects.toThrow(/MAT-file is truncated/);
    const w = new MatWriter();
    const short = w.file(w.matrix('bad', 6, [2, 2], [9, Float64Array.from([1, 2, 3])]));
    await expect(readMat(short)).rejects.toThrow(/'bad' is 2×2 \(4 values\) but stores 24 bytes of float64/);
    const corrupt = w.file(w.element(15, new Uint8Array([1, 2, 3, 4]), false));
    await expect(readMat(corrupt)).rejects.toThrow(/truncated or not valid deflate/);
  });
});
