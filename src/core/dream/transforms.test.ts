import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { affineWarp, applyWarp, IDENTITY, randomAffine, warpBackward } from './transforms';

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.next());
};

describe('affine warps', () => {
  it('copies the image exactly under the identity at the same size', () => {
    const image = random(3 * 36, 1);
    const out = new Float32Array(3 * 36);
    applyWarp(affineWarp(IDENTITY, 6, 6), image, out, 0.5);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from(image)));
  });

  it('upsamples a flat image to a flat image', () => {
    const out = new Float32Array(3 * 100);
    applyWarp(affineWarp(IDENTITY, 5, 10), new Float64Array(3 * 25).fill(0.3), out, 0.5);
    for (const v of out) expect(v).toBeCloseTo(0.3, 6);
  });

  it('fills what lands outside the image', () => {
    const out = new Float32Array(3 * 64);
    applyWarp(affineWarp({ tx: 0.5, ty: 0, scale: 1, angle: 0 }, 8, 8), new Float64Array(3 * 64), out, 0.5);
    expect(out[0]).toBe(0.5); // the left half now shows what was beyond the left edge
    expect(out[7]).toBe(0);
  });

  it('has a backward pass that matches finite differences of Σ warp(x)·g', () => {
    const rng = createRng(4);
    const warp = affineWarp(randomAffine(rng, 1.5), 7, 9);
    const x = random(3 * 49, 2);
    const g = Float32Array.from(random(3 * 81, 3), (v) => v - 0.5);
    const f = (image: Float64Array) => {
      const out = new Float32Array(3 * 81);
      applyWarp(warp, image, out, 0.5);
      return out.reduce((s, v, i) => s + v * g[i], 0);
    };
    const analytic = new Float64Array(x.length);
    warpBackward(warp, g, analytic);
    const eps = 1e-2; // linear in x, so the step size only matters for float32 rounding
    x.forEach((_, i) => {
      const up = Float64Array.from(x);
      const down = Float64Array.from(x);
      up[i] += eps;
      down[i] -= eps;
      expect(analytic[i]).toBeCloseTo((f(up) - f(down)) / (2 * eps), 4);
    });
  });

  it('draws transforms within the strength’s ranges, from the seed alone', () => {
    const a = Array.from({ length: 50 }, (_, i) => randomAffine(createRng(i), 0.5));
    expect(a.every((t) => Math.abs(t.tx) <= 0.04 && Math.abs(t.scale - 1) <= 0.05)).toBe(true);
    expect(a.every((t) => Math.abs(t.angle) <= (5 * Math.PI) / 180)).toBe(true);
    expect(randomAffine(createRng(7), 1)).toEqual(randomAffine(createRng(7), 1));
    // JSON equates −0 with 0: a zero strength scales the draws to (signed) zeros.
    expect(JSON.stringify(randomAffine(createRng(7), 0))).toBe(JSON.stringify(IDENTITY));
  });
});
