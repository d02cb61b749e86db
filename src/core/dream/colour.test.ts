import { describe, expect, it } from 'vitest';
import { correlation } from '../stats';
import { createRng } from '../random';
import { COLOUR_MATRIX, mixColours } from './colour';

describe('colour decorrelation', () => {
  it('is normalised so that its largest column has unit norm', () => {
    const norms = [0, 1, 2].map((d) => Math.hypot(...[0, 1, 2].map((c) => COLOUR_MATRIX[c * 3 + d])));
    expect(Math.max(...norms)).toBeCloseTo(1, 12);
  });

  it('turns independent noise into correlated RGB, as ImageNet colours are', () => {
    const plane = 20000;
    const rng = createRng(5);
    const planes = Float64Array.from({ length: 3 * plane }, () => rng.normal());
    mixColours(planes, plane, false);
    const [r, g, b] = [0, 1, 2].map((c) => planes.subarray(c * plane, (c + 1) * plane));
    // M Mᵀ of lucent's square root: corr(R, G) = 0.914, corr(R, B) = 0.794.
    expect(correlation(r, g)).toBeCloseTo(0.914, 1);
    expect(correlation(r, b)).toBeCloseTo(0.794, 1);
  });

  it('has the transpose as its backward map', () => {
    const rng = createRng(6);
    const x = Float64Array.from({ length: 3 * 5 }, () => rng.normal());
    const g = Float64Array.from({ length: 3 * 5 }, () => rng.normal());
    const mx = Float64Array.from(x);
    const tg = Float64Array.from(g);
    mixColours(mx, 5, false);
    mixColours(tg, 5, true);
    const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);
    expect(dot(mx, g)).toBeCloseTo(dot(x, tg), 12);
  });
});
