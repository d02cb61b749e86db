import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from './npy';

/** A .npy file built by hand, as numpy would write it. */
function npyBytes(descr: string, fortran: boolean, shape: string, body: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11) + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

describe('npy', () => {
  it('round-trips float32 and int32 arrays', () => {
    const a = { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) };
    expect(readNpy(writeNpy(a))).toEqual(a);
    const b = { shape: [4], data: Int32Array.from([-1, 0, 1, 2 ** 30]) };
    expect(readNpy(writeNpy(b))).toEqual(b);
    expect(writeNpy(a).length % 64).toBe(24); // header block is 64-aligned, then 6 × 4 data bytes
  });

  it('reads big-endian data and transposes Fortran order to C order', () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.5, false);
    new DataView(be.buffer).setFloat32(4, -2, false);
    expect(Array.from(readNpy(npyBytes('>f4', false, '(2,)', be)).data as Float32Array)).toEqual([1.5, -2]);

    // Fortran-order 2×3 [[1,2,3],[4,5,6]] is stored column by column: 1 4 2 5 3 6.
    const f = new Float64Array([1, 4, 2, 5, 3, 6]);
    const arr = readNpy(npyBytes('<f8', true, '(2, 3)', new Uint8Array(f.buffer)));
    expect(arr.shape).toEqual([2, 3]);
    expect(Array.from(arr.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names what is wrong with a bad file', () => {
    expect(() => readNpy(new TextEncoder().encode('hello world'))).toThrow(/not a .npy file/);
    const good = writeNpy({ shape: [10], data: new Float32Array(10) });
    expect(() => readNpy(good.subarray(0, good.length - 4))).toThrow(/truncated/);
    expect(() => readNpy(npyBytes('<c16', false, '(1,)', new Uint8Array(16)))).toThrow(
      /unsupported .npy dtype <c16/,
    );
  });
});
