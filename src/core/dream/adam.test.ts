import { describe, expect, it } from 'vitest';
import { Adam } from './adam';

describe('Adam', () => {
  it('moves each parameter by the learning rate against its gradient’s sign on the first step', () => {
    const adam = new Adam(3, { learningRate: 0.1 });
    const params = Float64Array.of(1, 1, 1);
    adam.step(params, Float64Array.of(5, -0.01, 0));
    expect(params[0]).toBeCloseTo(0.9, 6);
    expect(params[1]).toBeCloseTo(1.1, 6);
    expect(params[2]).toBe(1);
  });

  it('follows the bias-corrected moments on the second step', () => {
    const adam = new Adam(1, { learningRate: 0.1 });
    const params = Float64Array.of(0);
    adam.step(params, Float64Array.of(1));
    adam.step(params, Float64Array.of(3));
    const m = (0.9 * 0.1 * 1 + 0.1 * 3) / (1 - 0.9 ** 2);
    const v = (0.999 * 0.001 * 1 + 0.001 * 9) / (1 - 0.999 ** 2);
    expect(params[0]).toBeCloseTo(-0.1 - (0.1 * m) / (Math.sqrt(v) + 1e-8), 8);
  });

  it('minimises a quadratic', () => {
    const adam = new Adam(2, { learningRate: 0.05 });
    const params = Float64Array.of(3, -2);
    for (let i = 0; i < 2000; i++)
      adam.step(params, Float64Array.of(2 * (params[0] - 1), 8 * (params[1] + 1)));
    expect(params[0]).toBeCloseTo(1, 3);
    expect(params[1]).toBeCloseTo(-1, 3);
  });
});
