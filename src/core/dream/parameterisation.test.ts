import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { relativeL2 } from '../stats';
import { imageParameterisation, type ParameterKind } from './parameterisation';

describe('imageParameterisation', () => {
  it.each<[ParameterKind, boolean]>([
    ['fourier', true],
    ['fourier', false],
    ['pixels', true],
  ])('%s (decorrelate %s): backward matches finite differences of Σ image·g', (kind, decorrelate) => {
    const p = imageParameterisation({ kind, decorrelate, batch: 2, size: 5 });
    const rng = createRng(3);
    const params = p.init(rng, 0.5);
    const g = Float64Array.from({ length: p.length }, () => rng.normal());
    const f = (x: Float64Array) => p.render(x).reduce((s, v, i) => s + v * g[i], 0);
    p.render(params);
    const analytic = p.backward(g);
    const eps = 1e-6;
    const numeric = params.map((_, i) => {
      const up = Float64Array.from(params);
      const down = Float64Array.from(params);
      up[i] += eps;
      down[i] -= eps;
      return (f(up) - f(down)) / (2 * eps);
    });
    expect(relativeL2(analytic, numeric)).toBeLessThan(1e-6);
  });

  it('starts near grey, in (0, 1), the same for the same seed', () => {
    const p = imageParameterisation({ kind: 'fourier', decorrelate: true, batch: 1, size: 16 });
    const a = p.render(p.init(createRng(1)));
    expect(Math.max(...a.map((v) => Math.abs(v - 0.5)))).toBeLessThan(0.1);
    expect(p.render(p.init(createRng(1)))).toEqual(a);
    expect(p.render(p.init(createRng(2)))).not.toEqual(a);
  });
});
