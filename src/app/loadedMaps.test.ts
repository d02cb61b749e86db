import { describe, expect, it } from 'vitest';
import { loadedMapOptions, loadedOverlay, loadedReadout } from './loadedMaps';

const curv = { name: 'lh.curv', values: { lh: Float32Array.from([-0.5, 0.25]) } };
const thickness = {
  name: 'thick.npy',
  values: { lh: Float32Array.from([2, 3]), rh: Float32Array.from([4]) },
};
const v1 = { name: 'rh.V1.label', values: { rh: Int32Array.from([1]) }, labelNames: ['V1'] };

describe('loaded maps in the Brain panel', () => {
  it('lists the maps that fit the shown hemispheres', () => {
    expect(loadedMapOptions([curv, thickness, v1], { lh: 2, rh: 1 }).map((o) => o.label)).toEqual([
      'Loaded: lh.curv',
      'Loaded: thick.npy',
      'Loaded: rh.V1.label',
    ]);
    expect(loadedMapOptions([curv, thickness, v1], { lh: 2 })).toEqual([
      { key: 'loaded:lh.curv', label: 'Loaded: lh.curv' },
    ]);
  });

  it('paints signed maps centred on 0, others over their extent, and leaves a missing hemisphere blank', () => {
    const counts = { lh: 2, rh: 1 };
    expect(loadedOverlay(curv, ['lh', 'rh'], counts)).toEqual({
      kind: 'scalar',
      values: Float32Array.from([-0.5, 0.25, NaN]),
      colormap: 'RdBu_r',
      vmin: -0.5,
      vmax: 0.5,
      symmetric: true,
    });
    expect(loadedOverlay(thickness, ['lh', 'rh'], counts)).toMatchObject({
      colormap: 'viridis',
      vmin: 2,
      vmax: 4,
    });
    expect(loadedOverlay(v1, ['lh', 'rh'], counts)).toEqual({
      kind: 'categorical',
      values: Int32Array.from([0, 0, 1]),
      labelNames: ['V1'],
    });
  });

  it('reads every fitting map at a vertex', () => {
    expect(loadedReadout([curv, thickness, v1], { lh: 2, rh: 1 }, 'rh', 0)).toEqual([
      'thick.npy: 4',
      'rh.V1.label: V1',
    ]);
    expect(loadedReadout([curv, thickness, v1], { lh: 2, rh: 1 }, 'lh', 1)).toEqual([
      'lh.curv: 0.25',
      'thick.npy: 3',
    ]);
  });
});
