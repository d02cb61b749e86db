import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, normalQuantile } from './random';

describe('createRng', () => {
  it('repeats the same stream for the same seed and differs for another', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = createRng(1);
    const n = 200_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.01);
    expect(Array.from({ length: n }, () => rng.normal()).every(Number.isFinite)).toBe(true);
  });

  it('inverts the normal CDF accurately, tails included', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
    expect(normalQuantile(0.9999)).toBeCloseTo(3.719016485, 7);
    expect(normalQuantile(1e-9)).toBeCloseTo(-5.997807015, 6);
    for (const p of [0.01, 0.02425, 0.1, 0.3])
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 8);
  });

  it('derives distinct seeds per label', () => {
    expect(deriveSeed(1, 'images')).not.toBe(deriveSeed(1, 'noise'));
    expect(deriveSeed(1, 'images')).toBe(deriveSeed(1, 'images'));
  });
});
