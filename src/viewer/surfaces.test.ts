import { describe, expect, it } from 'vitest';
import { commonFaces, surfaceChoices, surfaceInfo } from './surfaces';
import type { SurfaceHemisphere } from './types';

const mesh = (positions: number[], faces: number[]) => ({
  positions: new Float32Array(positions),
  faces: new Uint32Array(faces),
});

describe('surfaceChoices', () => {
  it('lists the surfaces every hemisphere has, folded to flat', () => {
    const m = mesh([], []);
    const lh: SurfaceHemisphere = {
      name: 'lh',
      surfaces: { sphere: m, flat: m, pial: m, custom: m, inflated: m },
      sulc: new Float32Array(),
    };
    const rh: SurfaceHemisphere = {
      ...lh,
      name: 'rh',
      surfaces: { inflated: m, custom: m, pial: m, sphere: m },
    };
    expect(surfaceChoices([lh])).toEqual(['pial', 'inflated', 'sphere', 'flat', 'custom']);
    expect(surfaceChoices([lh, rh])).toEqual(['pial', 'inflated', 'sphere', 'custom']);
    expect(surfaceChoices([])).toEqual([]);
  });
});

describe('surfaceInfo', () => {
  // A square in z = 0 as two triangles, plus vertex 4 off the plane that no face uses.
  const flat = mesh([0, 0, 0, 2, 0, 0, 2, 1, 0, 0, 1, 0, 5, 5, 9], [0, 1, 2, 0, 2, 3]);

  it('bounds only the vertices faces use, and finds a flat surface', () => {
    const info = surfaceInfo(flat);
    expect(info.box.min.toArray()).toEqual([0, 0, 0]);
    expect(info.box.max.toArray()).toEqual([2, 1, 0]);
    expect(info.flat).toBe(true);
    expect(Array.from(info.normals.subarray(0, 3))).toEqual([0, 0, 1]);
    expect(Array.from(info.normals.subarray(12))).toEqual([0, 0, 0]);
  });

  it('is computed once per mesh', () => {
    expect(surfaceInfo(flat)).toBe(surfaceInfo(flat));
  });

  it('does not call a tilted or curved surface flat', () => {
    expect(surfaceInfo(mesh([0, 0, 0, 1, 0, 0, 0, 1, 0.5], [0, 1, 2])).flat).toBe(false);
  });
});

describe('commonFaces', () => {
  const full = new Uint32Array([0, 1, 2, 0, 2, 3, 3, 2, 4, 4, 2, 5]);

  it('returns the same array for the same faces', () => {
    expect(commonFaces(full, full)).toBe(full);
    expect(commonFaces(full, full.slice())).toBe(full);
  });

  it('keeps the faces both have in the first order and winding, whatever the corner order', () => {
    const patch = new Uint32Array([2, 4, 3, 1, 2, 0]);
    expect(Array.from(commonFaces(full, patch))).toEqual([0, 1, 2, 3, 2, 4]);
    expect(Array.from(commonFaces(patch, full))).toEqual([2, 4, 3, 1, 2, 0]);
  });

  it('is empty when nothing is shared', () => {
    expect(commonFaces(full, new Uint32Array([0, 1, 5]))).toHaveLength(0);
  });
});
