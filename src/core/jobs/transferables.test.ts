import { describe, expect, it } from 'vitest';
import { transferables } from './transferables';

describe('transferables', () => {
  it('lists each buffer under the typed arrays of a nested value once', () => {
    const shared = new Float32Array(8);
    const other = new Int32Array(3);
    const value = {
      a: shared.subarray(0, 4),
      nested: [{ b: shared.subarray(4) }, { c: other, n: 3, s: 'text' }],
      empty: null,
    };
    const buffers = transferables(value);
    expect(buffers).toHaveLength(2);
    expect(buffers).toContain(shared.buffer);
    expect(buffers).toContain(other.buffer);
  });

  it('skips shared memory, which cannot be transferred', () => {
    expect(transferables({ x: new Float32Array(new SharedArrayBuffer(16)) })).toEqual([]);
  });
});
