import { describe, expect, it } from 'vitest';
import { scalarRange, valueExtent } from './scale';

describe('scalarRange', () => {
  it('is vmin..vmax unless symmetric', () => {
    expect(scalarRange({ vmin: -0.2, vmax: 0.8 })).toEqual([-0.2, 0.8]);
    expect(scalarRange({ vmin: -0.2, vmax: 0.8, symmetric: false })).toEqual([-0.2, 0.8]);
  });

  it('centres on 0 with the larger magnitude when symmetric', () => {
    expect(scalarRange({ vmin: -0.2, vmax: 0.8, symmetric: true })).toEqual([-0.8, 0.8]);
    expect(scalarRange({ vmin: -3, vmax: 1, symmetric: true })).toEqual([-3, 3]);
    expect(scalarRange({ vmin: 2, vmax: 5, symmetric: true })).toEqual([-5, 5]);
  });
});

describe('valueExtent', () => {
  it('skips NaN and infinities', () => {
    const values = new Float32Array([Number.NaN, -2, 0.5, Infinity, 1.5, -Infinity]);
    expect(valueExtent(values)).toEqual({ min: -2, max: 1.5, maxAbs: 2 });
  });

  it('is all zeros without finite values', () => {
    expect(valueExtent(new Float32Array([Number.NaN]))).toEqual({ min: 0, max: 0, maxAbs: 0 });
    expect(valueExtent([])).toEqual({ min: 0, max: 0, maxAbs: 0 });
  });

  it('takes maxAbs from whichever end is larger', () => {
    expect(valueExtent([1, 3]).maxAbs).toBe(3);
    expect(valueExtent([-4, -1]).maxAbs).toBe(4);
  });
});
