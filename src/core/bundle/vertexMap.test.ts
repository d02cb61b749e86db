import { describe, expect, it } from 'vitest';
import { unitsToVertices } from './vertexMap';

describe('unitsToVertices', () => {
  const units = { count: 3, index: Int32Array.from([1, 2, 0]), hemisphere: Uint8Array.from([0, 0, 1]) };

  it('places unit values on their hemisphere vertices and fills the rest', () => {
    const out = unitsToVertices(units, [3, 2], Float32Array.from([10, 20, 30]), NaN);
    expect(Array.from(out)).toEqual([NaN, 10, 20, 30, NaN]);
    const labels = unitsToVertices(units, [3, 2], Int32Array.from([1, 2, 3]), 0);
    expect(labels).toBeInstanceOf(Int32Array);
    expect(Array.from(labels)).toEqual([0, 1, 2, 3, 0]);
  });

  it('names a unit that does not fit the surface', () => {
    expect(() => unitsToVertices(units, [2, 2], Float32Array.from([1, 2, 3]), 0)).toThrow(
      /vertex 2 of hemisphere 0/,
    );
  });
});
