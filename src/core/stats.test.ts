import { describe, expect, it } from 'vitest';
import { correlation, mean, median, relativeL2 } from './stats';

describe('stats', () => {
  it('computes mean, NaN-skipping median and correlation', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(median([5, NaN, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN])).toBeNaN();
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
    expect(relativeL2([3, 4], [0, 4])).toBeCloseTo(0.75);
  });
});
