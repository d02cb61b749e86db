import { describe, expect, it } from 'vitest';
import { projectionDistance, projectVoxels, voxelCentres, voxelSize } from './voxelProjection';

describe('voxel projection', () => {
  // Two voxels of a 2 mm grid whose origin sits at (-10, 0, 5) mm.
  const units = {
    count: 2,
    index: Int32Array.of(0, 1),
    voxels: Int32Array.of(0, 0, 0, 3, 1, 2),
    grid: [4, 4, 4] as [number, number, number],
    affine: Float64Array.of(2, 0, 0, -10, 0, 2, 0, 0, 0, 0, 2, 5, 0, 0, 0, 1),
  };

  it('maps voxel indices to scanner millimetres through the affine', () => {
    expect(Array.from(voxelCentres(units))).toEqual([-10, 0, 5, -4, 2, 9]);
    expect(() => voxelCentres({ count: 1, index: Int32Array.of(0) })).toThrow(/not voxels/);
  });

  it('takes the voxel size from the longest affine column, and the reach from its diagonal', () => {
    const anisotropic = Float64Array.of(0, -1.5, 0, 0, 2.5, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    expect(voxelSize(anisotropic)).toBe(2.5);
    expect(projectionDistance(units.affine)).toBeCloseTo(2 * Math.sqrt(3), 12);
  });

  it('gives each vertex its nearest voxel within reach, and no data beyond it', () => {
    const centres = voxelCentres(units);
    const vertices = Float32Array.of(-10.5, 0.2, 5, -4.4, 2, 9.9, -7, 1, 7, 30, 30, 30);
    const out = projectVoxels(centres, [1.5, -2], vertices, 2.5);
    expect(Array.from(out.subarray(0, 2))).toEqual([1.5, -2]);
    // (-7, 1, 7) is 3.7 mm from the first centre and 3.7 from the second: beyond 2.5 mm.
    expect(Number.isNaN(out[2])).toBe(true);
    expect(Number.isNaN(out[3])).toBe(true);
    expect(Array.from(projectVoxels(centres, [1.5, -2], vertices, 4).subarray(0, 3))).toEqual([1.5, -2, -2]);
  });

  it('refuses a value count that does not match the voxels', () => {
    expect(() => projectVoxels(voxelCentres(units), [1], new Float32Array(3), 2)).toThrow(
      '1 values for 2 voxels',
    );
  });
});
