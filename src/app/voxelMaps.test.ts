import { describe, expect, it } from 'vitest';
import { projectionDistance } from '../core/bundle/voxelProjection';
import type { Hemisphere } from '../core/bundle/types';
import { projectionSurface, voxelsToVertices } from './voxelMaps';

/** 2 mm voxels, the grid's origin at (10, 0, 0). */
const AFFINE = Float64Array.from([2, 0, 0, 10, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
const units = {
  count: 2,
  index: Int32Array.from([0, 1]),
  voxels: Int32Array.from([0, 0, 0, 5, 0, 0]),
  affine: AFFINE,
};
const hemisphere = (name: 'lh' | 'rh', xs: number[], surface = 'white'): Hemisphere => ({
  name,
  surfaces: {
    [surface]: { positions: Float32Array.from(xs.flatMap((x) => [x, 0, 0])), faces: new Uint32Array(0) },
  },
  sulc: new Float32Array(xs.length),
});

describe('voxel maps on loaded surfaces', () => {
  it('reaches a voxel diagonal', () => {
    expect(projectionDistance(AFFINE)).toBeCloseTo(2 * Math.sqrt(3));
  });

  it('gives each vertex its nearest voxel within reach, the fill elsewhere, lh then rh', () => {
    const place = voxelsToVertices(units, [hemisphere('lh', [10.5, 15]), hemisphere('rh', [19])]);
    expect(place(Float32Array.from([1, 2]), NaN)).toEqual(Float32Array.from([1, NaN, 2]));
    expect(place(Int32Array.from([3, 4]), 0)).toEqual(Int32Array.from([3, 0, 4]));
  });

  it('projects onto a surface in place rather than an inflated one', () => {
    const both = hemisphere('lh', [0]);
    both.surfaces = { inflated: both.surfaces.white, pial: both.surfaces.white };
    expect(projectionSurface([both])).toBe('pial');
    expect(projectionSurface([hemisphere('lh', [0], 'inflated')])).toBe('inflated');
  });
});
