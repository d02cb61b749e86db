import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { relativeL2 } from '../stats';
import { l2Prior, totalVariation, type PriorTerm } from './prior';

function numericGradient(f: (x: Float64Array) => number, x: Float64Array): Float64Array {
  const eps = 1e-6;
  return x.map((_, i) => {
    const up = Float64Array.from(x);
    const down = Float64Array.from(x);
    up[i] += eps;
    down[i] -= eps;
    return (f(up) - f(down)) / (2 * eps);
  });
}

describe('image priors', () => {
  const rng = createRng(9);
  const images = Float64Array.from({ length: 2 * 3 * 16 }, () => rng.next());
  const cases: [string, (x: Float64Array) => PriorTerm][] = [
    ['total variation', (x) => totalVariation(x, 4)],
    ['L2', (x) => l2Prior(x)],
  ];

  it.each(cases)('%s: gradient matches finite differences', (_, term) => {
    const numeric = numericGradient((x) => term(x).value, images);
    expect(relativeL2(term(images).gradient, numeric)).toBeLessThan(1e-6);
  });

  it('are zero on a flat grey image and positive otherwise', () => {
    const grey = new Float64Array(3 * 16).fill(0.5);
    expect(totalVariation(grey, 4).value).toBe(0);
    expect(l2Prior(grey).value).toBe(0);
    expect(totalVariation(images, 4).value).toBeGreaterThan(0);
    // Two neighbours of a single bright pixel in a corner, out of 2 × 4 × 3 pairs per plane.
    const dot = new Float64Array(16);
    dot[0] = 1;
    expect(totalVariation(dot, 4).value).toBeCloseTo(2 / 24, 12);
  });
});
