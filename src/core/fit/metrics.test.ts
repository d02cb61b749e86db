import { describe, expect, it } from 'vitest';
import { correlation } from '../stats';
import { createRng } from '../random';
import { bestLayer, histogram, roiSummaries, scoreUnits } from './metrics';

describe('fit metrics', () => {
  const rng = createRng(4);
  const images = 200;
  const units = 3;
  const actual = Float32Array.from({ length: images * units }, () => rng.normal());
  // Unit 0 predicted well, unit 1 weakly, unit 2 anti-correlated.
  const predicted = actual.map((a, k) => {
    const u = k % units;
    return u === 0 ? a + 0.3 * rng.normal() : u === 1 ? 0.3 * a + rng.normal() : -a + 0.5 * rng.normal();
  });
  const nc = Float32Array.of(80, 40, 0);
  const scores = scoreUnits(predicted, actual, images, nc);

  it('computes Pearson r and R² per unit, and accuracy relative to the noise ceiling', () => {
    for (let u = 0; u < units; u++) {
      const col = (x: Float32Array) => Array.from({ length: images }, (_, i) => x[i * units + u]);
      expect(scores.r[u]).toBeCloseTo(correlation(col(predicted), col(actual)), 5);
    }
    expect(scores.r[0]).toBeGreaterThan(0.9);
    expect(scores.r[2]).toBeLessThan(-0.8);
    expect(scores.r2[2]).toBeLessThan(0);
    expect(scores.ncNormalized[0]).toBe(100); // r² above the ceiling: capped
    expect(scores.ncNormalized[1]).toBeCloseTo((100 * scores.r[1] ** 2) / 0.4, 3);
    expect(Number.isNaN(scores.ncNormalized[2])).toBe(true);
  });

  it('summarises per ROI label, histograms r, and picks the best layer per unit', () => {
    const rois = [{ name: 'visual', labels: Int32Array.of(1, 1, 2), labelNames: ['V1', 'FFA'] }];
    const summary = roiSummaries(scores, rois);
    expect(summary.map((s) => [s.set, s.label, s.units])).toEqual([
      ['all', 'all', 3],
      ['visual', 'V1', 2],
      ['visual', 'FFA', 1],
    ]);
    expect(summary[1].medianR).toBeCloseTo((scores.r[0] + scores.r[1]) / 2, 6);
    expect(Array.from(histogram(Float32Array.of(-1, -0.01, 0, 0.99, 1), 4))).toEqual([1, 1, 1, 2]);
    const best = bestLayer([Float32Array.of(0.1, 0.5, -0.2), Float32Array.of(0.3, 0.4, -0.1)]);
    expect(Array.from(best.layer)).toEqual([1, 0, 1]);
    expect(Array.from(best.r)).toEqual([Math.fround(0.3), Math.fround(0.5), Math.fround(-0.1)]);
  });
});
