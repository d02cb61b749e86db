import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { fourierBasis, FourierPlane, spectrumScale } from './fourier';

const random = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.normal());
};
const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('the real Fourier basis', () => {
  it.each([8, 9])('is orthonormal for n = %i', (n) => {
    const { rows } = fourierBasis(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        expect(dot(rows.subarray(i * n, (i + 1) * n), rows.subarray(j * n, (j + 1) * n))).toBeCloseTo(
          i === j ? 1 : 0,
          12,
        );
  });

  it('scales coefficients by 1/f, capped at the lowest frequency, over lucent’s 4', () => {
    const n = 8;
    const basis = fourierBasis(n);
    expect(Array.from(basis.freq)).toEqual([0, 1, 1, 2, 2, 3, 3, 4].map((k) => k / n));
    const scale = spectrumScale(basis, basis);
    expect(scale[0]).toBeCloseTo(n / 4, 12); // DC: 1 / (1/max(h, w)) / 4
    expect(scale[1]).toBeCloseTo(n / 1 / 4, 12); // k = 1 along x: f = 1/8
    expect(scale[3]).toBeCloseTo(n / 2 / 4, 12); // k = 2: half of k = 1
    expect(scale[3 * n + 3]).toBeCloseTo(n / Math.hypot(2, 2) / 4, 12);
  });
});

describe('FourierPlane', () => {
  const h = 6;
  const w = 7;
  const plane = new FourierPlane(fourierBasis(h), fourierBasis(w));

  it('has toCoefficients as the exact transpose of toImage', () => {
    const c = random(h * w, 1);
    const g = random(h * w, 2);
    const image = new Float64Array(h * w);
    const back = new Float64Array(h * w);
    plane.toImage(c, image);
    plane.toCoefficients(g, back);
    expect(dot(image, g)).toBeCloseTo(dot(c, back), 10);
  });

  it('inverts itself up to the squared scale (the basis is orthonormal)', () => {
    const c = random(h * w, 3);
    const image = new Float64Array(h * w);
    const back = new Float64Array(h * w);
    plane.toImage(c, image);
    plane.toCoefficients(image, back);
    back.forEach((x, i) => expect(x).toBeCloseTo(c[i] * plane.scale[i] ** 2, 10));
  });

  it('turns the DC coefficient into a flat image', () => {
    const c = new Float64Array(h * w);
    c[0] = 1;
    const image = new Float64Array(h * w);
    plane.toImage(c, image);
    for (const x of image) expect(x).toBeCloseTo(plane.scale[0] / Math.sqrt(h * w), 12);
  });
});
