import { describe, expect, it } from 'vitest';
import type { SurfaceMesh } from '../bundle/types';
import type { SurfaceItem } from './surfaceFiles';
import { addToSurfaceSet, EMPTY_SURFACE_SET, mapFits, vertexCounts } from './surfaceSet';

const mesh = (vertices: number): SurfaceMesh => ({
  positions: new Float32Array(3 * vertices),
  faces: Uint32Array.from([0, 1, 2]),
});
const surface = (
  file: string,
  hemisphere: 'lh' | 'rh' | undefined,
  name: string,
  vertices: number,
): SurfaceItem => ({
  file,
  hemisphere,
  stem: name,
  type: 'surface',
  surface: name,
  mesh: mesh(vertices),
});
const scalar = (
  file: string,
  hemisphere: 'lh' | 'rh' | undefined,
  stem: string,
  values: number[],
): SurfaceItem => ({
  file,
  hemisphere,
  stem,
  type: 'scalar',
  values: Float32Array.from(values),
});

describe('addToSurfaceSet', () => {
  it('builds hemispheres lh then rh, with zero sulc until a sulc map comes', () => {
    const { set, problems } = addToSurfaceSet(EMPTY_SURFACE_SET, [
      surface('rh.pial', 'rh', 'pial', 4),
      surface('lh.pial', 'lh', 'pial', 3),
      surface('lh.inflated', 'lh', 'inflated', 3),
    ]);
    expect(problems).toEqual([]);
    expect(set.hemispheres.map((h) => [h.name, Object.keys(h.surfaces)])).toEqual([
      ['lh', ['pial', 'inflated']],
      ['rh', ['pial']],
    ]);
    expect(set.hemispheres[0].sulc).toEqual(new Float32Array(3));
    expect(vertexCounts(set.hemispheres)).toEqual({ lh: 3, rh: 4 });

    const next = addToSurfaceSet(set, [scalar('lh.sulc', 'lh', 'sulc', [1, -1, 2])]);
    expect(next.set.hemispheres[0].sulc).toEqual(Float32Array.from([1, -1, 2]));
    expect(next.set.hemispheres[1]).toBe(set.hemispheres[1]);
    expect(next.set.maps.map((m) => m.name)).toEqual(['lh.sulc']);
  });

  it('leaves out maps and surfaces whose vertex counts do not fit, with a message naming the file', () => {
    const { set } = addToSurfaceSet(EMPTY_SURFACE_SET, [
      surface('lh.pial', 'lh', 'pial', 3),
      surface('rh.pial', 'rh', 'pial', 4),
    ]);
    const { set: after, problems } = addToSurfaceSet(set, [
      scalar('lh.curv', 'lh', 'curv', [1, 2]),
      scalar('both.npy', undefined, 'both', [1, 2, 3]),
      surface('lh.white', 'lh', 'white', 5),
      surface('pial.gii', undefined, 'pial', 3),
    ]);
    expect(problems).toEqual([
      "lh.white has 5 vertices but the loaded lh surfaces (pial) have 3: one hemisphere's surfaces must share their vertices",
      'pial.gii: the name does not say which hemisphere: start it with lh. or rh., or use _left / _right',
      'lh.curv has 2 values but the surface lh has 3 vertices',
      'both.npy has 3 values but the surface lh + rh has 7 vertices',
    ]);
    expect(after.maps).toEqual([]);
    expect(Object.keys(after.hemispheres[0].surfaces)).toEqual(['pial']);
  });

  it('splits a map without a hemisphere over lh and rh, and turns labels into 0/1 maps', () => {
    const { set } = addToSurfaceSet(EMPTY_SURFACE_SET, [
      surface('lh.pial', 'lh', 'pial', 2),
      surface('rh.pial', 'rh', 'pial', 3),
      scalar('acc.npy', undefined, 'acc', [1, 2, 3, 4, 5]),
      { file: 'rh.V1.label', hemisphere: 'rh', stem: 'V1', type: 'label', vertices: Int32Array.from([2]) },
      { file: 'rh.bad.label', hemisphere: 'rh', stem: 'bad', type: 'label', vertices: Int32Array.from([3]) },
    ]);
    const [acc, v1] = set.maps;
    expect(acc.values).toEqual({ lh: Float32Array.from([1, 2]), rh: Float32Array.from([3, 4, 5]) });
    expect(v1).toEqual({
      name: 'rh.V1.label',
      values: { rh: Int32Array.from([0, 0, 1]) },
      labelNames: ['V1'],
    });
    expect(set.maps).toHaveLength(2);
  });

  it('puts maps on the subject surfaces while no surface is loaded, and says when there is none', () => {
    const item = scalar('lh.thickness', 'lh', 'thickness', [1, 2]);
    expect(addToSurfaceSet(EMPTY_SURFACE_SET, [item], { lh: 2, rh: 2 }).set.maps).toHaveLength(1);
    expect(addToSurfaceSet(EMPTY_SURFACE_SET, [item]).problems).toEqual([
      'lh.thickness: load a surface first: there is none to put this map on',
    ]);
  });
});

describe('mapFits', () => {
  it('holds when every covered hemisphere is shown with the same vertex count', () => {
    const map = { name: 'lh.curv', values: { lh: new Float32Array(3) } };
    expect(mapFits(map, { lh: 3, rh: 4 })).toBe(true);
    expect(mapFits(map, { lh: 4 })).toBe(false);
    expect(mapFits(map, { rh: 3 })).toBe(false);
  });
});
