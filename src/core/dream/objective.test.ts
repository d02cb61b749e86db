import { describe, expect, it } from 'vitest';
import type { RoiSet } from '../bundle/types';
import { createRng } from '../random';
import { relativeL2 } from '../stats';
import { meanResponses, resolveObjective, responseLoss } from './objective';

// Units 0–2 are FFA, 3–4 PPA, 5 unlabelled; a second set labels unit 5 "V1".
const rois: RoiSet[] = [
  { name: 'visual', labels: Int32Array.of(1, 1, 1, 2, 2, 0), labelNames: ['FFA', 'PPA'] },
  { name: 'early', labels: Int32Array.of(0, 0, 0, 0, 0, 1), labelNames: ['V1'] },
];

describe('dream objectives', () => {
  it('resolves ROI, unit-set and single-unit terms', () => {
    const o = resolveObjective(
      {
        terms: [
          { roi: 'FFA', weight: 1 },
          { roi: 'V1', weight: -1 },
          { units: [4, 0], weight: 2 },
          { unit: 3, weight: 1 },
        ],
      },
      rois,
      6,
    );
    expect(o.terms.map((t) => Array.from(t.units))).toEqual([[0, 1, 2], [5], [4, 0], [3]]);
    expect(Array.from(o.units)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([o.diversity, o.tv, o.l2]).toEqual([0, 0, 0]);
  });

  it('names the available ROIs when one is unknown', () => {
    expect(() => resolveObjective({ terms: [{ roi: 'EBA', weight: 1 }] }, rois, 6)).toThrow(
      'no ROI named "EBA"; the encoder has FFA, PPA, V1',
    );
    expect(() => resolveObjective({ terms: [{ unit: 6, weight: 1 }] }, rois, 6)).toThrow('not an index 0..5');
    expect(() => resolveObjective({ terms: [] }, rois, 6)).toThrow('at least one term');
  });

  it('gives +FFA −PPA as the cotangent −w/|R|/B on each ROI’s units', () => {
    const o = resolveObjective(
      {
        terms: [
          { roi: 'FFA', weight: 1 },
          { roi: 'PPA', weight: -1 },
        ],
      },
      rois,
      6,
    );
    const responses = Float32Array.of(1, 2, 3, 4, 6, 9, 0, 0, 0, -2, -2, 0);
    const { cotangent, terms, loss } = responseLoss(o, responses, 6);
    const row = [-1 / 3 / 2, -1 / 3 / 2, -1 / 3 / 2, 1 / 2 / 2, 1 / 2 / 2, 0];
    expect(Array.from(cotangent)).toEqual([...row, ...row].map(Math.fround));
    expect(meanResponses(responses, 6, o.terms[0].units)).toEqual([2, 0]);
    expect(terms).toEqual([1, 1.5]);
    expect(loss).toBeCloseTo(-(1 - 1.5), 12);
  });

  it('adds the diversity penalty’s gradient, matching finite differences', () => {
    const o = resolveObjective(
      {
        terms: [
          { roi: 'FFA', weight: 1 },
          { unit: 3, weight: 0.5 },
        ],
        diversity: 0.7,
      },
      rois,
      6,
    );
    const rng = createRng(2);
    const responses = Float32Array.from({ length: 3 * 6 }, () => rng.normal());
    const { cotangent, similarity } = responseLoss(o, responses, 6);
    expect(similarity).toBeGreaterThan(-1);
    const eps = 1e-3;
    const numeric = Array.from(responses, (_, i) => {
      const up = Float32Array.from(responses);
      const down = Float32Array.from(responses);
      up[i] += eps;
      down[i] -= eps;
      return (responseLoss(o, up, 6).loss - responseLoss(o, down, 6).loss) / (up[i] - down[i]);
    });
    expect(relativeL2(cotangent, numeric)).toBeLessThan(1e-3);
  });
});
