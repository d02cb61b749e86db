import { describe, expect, it } from 'vitest';
import type { SubjectView } from '../../workers/data.worker';
import type { FitView } from '../../workers/fitting.worker';
import {
  availableMap,
  brainMap,
  fitMismatch,
  mapOptions,
  symmetricLimit,
  unitReadout,
  vertexReadout,
} from './brainMaps';

// Three units: vertices 0 and 2 of lh (3 vertices), vertex 1 of rh (2 vertices).
const subject = {
  summary: { subject: 'demo01', space: 'demo', units: 3 },
  units: { count: 3, index: Int32Array.from([0, 2, 1]), hemisphere: Uint8Array.from([0, 0, 1]) },
  noiseCeiling: Float32Array.from([10, 20, 30]),
  rois: [{ name: 'visual', labels: Int32Array.from([1, 0, 2]), labelNames: ['V1', 'FFA'] }],
} as unknown as SubjectView;
const vertexCounts = [3, 2];

const fit = {
  id: 'demo01-net-20260101-000000.h5',
  subject: 'demo01',
  space: 'demo',
  v: 3,
  r: Float32Array.from([0.5, -0.2, 0.12]),
  ncNormalized: Float32Array.from([40, NaN, 5]),
  layers: [
    { name: 'early', dim: 4, r: Float32Array.from([0.4, -0.3, 0]), medianR: 0 },
    { name: 'late', dim: 8, r: Float32Array.from([0.1, 0.61, 0.1]), medianR: 0.1 },
  ],
  bestLayer: Uint8Array.from([0, 1, 1]),
} as unknown as FitView;

describe('brain maps', () => {
  it('offers the fit maps only with an open encoder', () => {
    expect(mapOptions(subject, undefined).map((o) => o.key)).toEqual(['roi:visual', 'noise-ceiling']);
    expect(mapOptions(subject, fit).map((o) => o.key)).toEqual([
      'roi:visual',
      'noise-ceiling',
      'fit:r',
      'fit:nc',
      'fit:best',
      'fit:layer:0',
      'fit:layer:1',
    ]);
    expect(availableMap(mapOptions(subject, undefined), 'fit:best')).toBe('roi:visual');
  });

  it('paints r on a symmetric scale shared with the per-layer maps, unit values on their vertices', () => {
    const map = brainMap(subject, fit, 'fit:r', vertexCounts);
    expect(map).toMatchObject({ unit: 'accuracy r (test images)' });
    if (!('overlay' in map) || map.overlay.kind !== 'scalar') throw new Error('expected a scalar map');
    expect([map.overlay.vmin, map.overlay.vmax]).toEqual([-0.65, 0.65]);
    expect(Array.from(map.overlay.values)).toEqual([0.5, NaN, Math.fround(-0.2), NaN, Math.fround(0.12)]);
  });

  it('labels each vertex with its best layer', () => {
    const map = brainMap(subject, fit, 'fit:best', vertexCounts);
    if (!('overlay' in map) || map.overlay.kind !== 'categorical') throw new Error('expected labels');
    expect(map.overlay.labelNames).toEqual(['early', 'late']);
    expect(Array.from(map.overlay.values)).toEqual([1, 0, 2, 0, 2]);
  });

  it('draws no fit map on a subject the encoder was not fitted on, and says why', () => {
    const other = { ...subject, summary: { ...subject.summary, subject: 'subj01', units: 3 } } as SubjectView;
    expect(fitMismatch(subject, fit)).toBeUndefined();
    expect(fitMismatch(other, fit)).toMatch(/fitted on demo01 .* not on the current subject subj01/);
    expect(brainMap(other, fit, 'fit:nc', vertexCounts)).toEqual({ problem: fitMismatch(other, fit) });
  });

  it('rounds the r limit up to 0.05, ignoring NaN', () => {
    expect(symmetricLimit([Float32Array.from([0.12, NaN, -0.31])])).toBeCloseTo(0.35, 12);
    expect(symmetricLimit([new Float32Array(2)])).toBe(0.05);
  });

  it('reads every map at a picked vertex', () => {
    expect(vertexReadout(subject, fit, 1, 1)).toEqual([
      'visual: FFA',
      'noise ceiling: 30.0 %',
      'r: 0.120',
      'accuracy: 5.0 % of noise ceiling',
      'best layer: late',
      'r of early alone: 0.000',
      'r of late alone: 0.100',
    ]);
    expect(vertexReadout(subject, undefined, 0, 2)).toEqual(['visual: unlabelled', 'noise ceiling: 20.0 %']);
    expect(vertexReadout(subject, fit, 0, 1)).toEqual([]);
  });

  it('reads every map at a unit, as at its vertex', () => {
    expect(unitReadout(subject, fit, 2)).toEqual(vertexReadout(subject, fit, 1, 1));
    expect(unitReadout(subject, undefined, 0)).toEqual(['visual: V1', 'noise ceiling: 10.0 %']);
  });

  it('keeps values per unit with an identity placement, as the voxel cloud draws them', () => {
    const map = brainMap(subject, undefined, 'noise-ceiling', [], (values) => values);
    if (!('overlay' in map)) throw new Error('expected a map');
    expect(map.overlay.values).toBe(subject.noiseCeiling);
  });
});
