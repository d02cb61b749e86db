import { describe, expect, it } from 'vitest';
import { readNumbers, toBytes } from './binary';

describe('binary', () => {
  it('reads big- and little-endian blocks at unaligned offsets', () => {
    const bytes = new Uint8Array([0xaa, 0x3f, 0xc0, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00]);
    expect(Array.from(readNumbers(bytes, 1, 2, 'float32', false))).toEqual([1.5, -2]);
    expect(Array.from(readNumbers(bytes, 1, 1, 'uint16', true))).toEqual([0xc03f]);
    expect(Array.from(readNumbers(bytes, 0, 2, 'int8', false))).toEqual([-86, 63]);
  });

  it('round-trips through toBytes in both byte orders', () => {
    const values = Int32Array.from([1, -2, 2 ** 30, -(2 ** 31)]);
    for (const le of [true, false]) {
      expect(readNumbers(toBytes(values, le), 0, 4, 'int32', le)).toEqual(values);
    }
    expect(Array.from(toBytes(Int16Array.from([0x0102]), false))).toEqual([1, 2]);
    const big = BigInt64Array.from([-5n]);
    expect(readNumbers(toBytes(big, false), 0, 1, 'int64', false)).toEqual(big);
  });

  it('copies out of Node Buffers, whose slice() is a view of a larger pool', () => {
    const pooled = Buffer.from([9, 9, 1, 0, 2, 0]);
    expect(readNumbers(pooled, 2, 2, 'uint16', true)).toEqual(Uint16Array.from([1, 2]));
  });

  it('refuses to read past the end', () => {
    expect(() => readNumbers(new Uint8Array(7), 0, 2, 'float32', true)).toThrow(/run past the end/);
  });
});
