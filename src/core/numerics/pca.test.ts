import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../random';
import { eigh } from './eigh';
import { fitPca, transformPca, type Pca } from './pca';

/** `count` orthonormal rows of length d: eigenvectors of a random symmetric matrix. */
function orthonormalRows(count: number, d: number, rng: Rng): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = rng.normal();
  return eigh(a, d).vectors.slice(0, count * d);
}

/**
 * n samples of x = mean + Σ_j σ_j z_j b_j + noise·ε with orthonormal axes b_j and standard normal z, ε:
 * population covariance eigenvalues σ_j² + noise² along b_j and noise² elsewhere.
 */
function lowRankData(n: number, d: number, sigmas: number[], noise: number, seed: number) {
  const rng = createRng(seed);
  const axes = orthonormalRows(sigmas.length, d, rng);
  const mean = Array.from({ length: d }, () => rng.range(-5, 5));
  const rows = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const x = mean.map((m) => m + noise * rng.normal());
    sigmas.forEach((sigma, j) => {
      const z = sigma * rng.normal();
      for (let f = 0; f < d; f++) x[f] += z * axes[j * d + f];
    });
    rows.set(x, i * d);
  }
  return { rows, axes };
}

function row(m: ArrayLike<number>, i: number, d: number): number[] {
  return Array.from({ length: d }, (_, f) => m[i * d + f]);
}

function dot(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * b[i], 0);
}

/** Per-column mean and sample variance (n − 1) of an n×k score matrix. */
function columnMoments(scores: Float32Array, n: number, k: number) {
  const mean = new Array<number>(k).fill(0);
  const variance = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) mean[j] += scores[i * k + j] / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) variance[j] += (scores[i * k + j] - mean[j]) ** 2 / (n - 1);
  return { mean, variance };
}

/** Unit rows, mutually orthogonal, largest-magnitude entry positive; zero rows allowed past the rank. */
function expectValidAxes(pca: Pca, d: number): void {
  const k = pca.explainedVariance.length;
  for (let i = 0; i < k; i++) {
    const a = row(pca.components, i, d);
    const zero = pca.explainedVariance[i] === 0;
    expect(dot(a, a)).toBeCloseTo(zero ? 0 : 1, 6);
    if (!zero) expect(Math.max(...a)).toBe(Math.max(...a.map(Math.abs)));
    for (let j = 0; j < i; j++) expect(Math.abs(dot(a, row(pca.components, j, d)))).toBeLessThan(1e-6);
    if (i > 0) expect(pca.explainedVariance[i]).toBeLessThanOrEqual(pca.explainedVariance[i - 1]);
  }
}

describe('fitPca', () => {
  it('recovers the subspace and variances of low-rank data plus noise', () => {
    const sigmas = [5, 3, 2];
    const noise = 0.3;
    for (const [n, d] of [
      [4000, 20],
      [300, 600],
    ]) {
      const { rows, axes } = lowRankData(n, d, sigmas, noise, n + d);
      const pca = fitPca(rows, n, d, 5);
      expect(pca.components).toHaveLength(5 * d);
      expectValidAxes(pca, d);
      sigmas.forEach((sigma, j) => {
        // Sampling error of a variance is about √(2/n) relative; at n < d the noise bulk also leaks in.
        expect(Math.abs(pca.explainedVariance[j] / (sigma ** 2 + noise ** 2) - 1)).toBeLessThan(
          n > d ? 0.08 : 0.25,
        );
        // Each true axis lies in the span of the top three components.
        const b = row(axes, j, d);
        const inSpan = [0, 1, 2].reduce((s, i) => s + dot(b, row(pca.components, i, d)) ** 2, 0);
        expect(inSpan).toBeGreaterThan(n > d ? 0.999 : 0.9);
      });
      const total = columnMoments(rows, n, d).variance.reduce((s, v) => s + v, 0);
      pca.explainedVariance.forEach((v, j) =>
        expect(pca.explainedVarianceRatio[j]).toBeCloseTo(v / total, 8),
      );
    }
  });

  it('gives training scores with zero mean, the explained variances and no correlation', () => {
    for (const [n, d] of [
      [300, 12],
      [40, 90],
    ]) {
      const { rows } = lowRankData(n, d, [4, 2, 1], 0.5, 3 * n + d);
      const pca = fitPca(rows, n, d, 6);
      const k = pca.explainedVariance.length;
      const scores = transformPca(pca, rows, n);
      expect(scores).toHaveLength(n * k);
      const { mean, variance } = columnMoments(scores, n, k);
      for (let j = 0; j < k; j++) {
        expect(Math.abs(mean[j])).toBeLessThan(1e-5 * Math.sqrt(variance[j]));
        expect(variance[j] / pca.explainedVariance[j]).toBeCloseTo(1, 5);
        for (let i = 0; i < j; i++) {
          let cov = 0;
          for (let s = 0; s < n; s++) cov += (scores[s * k + i] - mean[i]) * (scores[s * k + j] - mean[j]);
          expect(Math.abs(cov / (n - 1)) / Math.sqrt(variance[i] * variance[j])).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('gives the same axes from the covariance and the sample-Gram routes', () => {
    // The same 30 samples with 20 features take the covariance route; padded with 20 zero features they
    // take the sample route (n < d). Centring is exact for zeros, so both see identical numbers.
    const n = 30;
    const d = 20;
    const { rows } = lowRankData(n, d, [3, 2, 1.5, 1], 0.2, 5);
    const padded = new Float32Array(n * 2 * d);
    for (let i = 0; i < n; i++) padded.set(rows.subarray(i * d, i * d + d), i * 2 * d);
    const narrow = fitPca(rows, n, d, 25);
    const wide = fitPca(padded, n, 2 * d, 25);
    expect(narrow.components).toHaveLength(20 * d);
    expect(wide.components).toHaveLength(25 * 2 * d);
    expectValidAxes(wide, 2 * d);
    for (let j = 0; j < 20; j++) {
      expect(wide.explainedVariance[j]).toBeCloseTo(narrow.explainedVariance[j], 10);
      expect(wide.explainedVarianceRatio[j]).toBeCloseTo(narrow.explainedVarianceRatio[j], 10);
      const w = row(wide.components, j, 2 * d);
      row(narrow.components, j, d).forEach((x, f) => expect(w[f]).toBeCloseTo(x, 6));
      expect(w.slice(d).every((x) => x === 0)).toBe(true);
    }
    // Rank 20 of at most 29: the rest carry nothing.
    for (let j = 20; j < 25; j++) {
      expect(wide.explainedVariance[j]).toBe(0);
      expect(row(wide.components, j, 2 * d).every((x) => x === 0)).toBe(true);
    }
  });

  it('keeps k = min(components, n − 1, d) and zeroes axes past the rank on both routes', () => {
    // 6 samples, two of them repeated: centred rank 3.
    const base = [1, 4, 2, -1, 0, 3, 5, 1, 1, 2, -2, 0, 0, 0, 7, 1];
    const d = 4;
    const rows = new Float32Array([...base, ...base.slice(0, 2 * d)]);
    const n = 6;
    const cov = fitPca(rows, n, d, 10);
    expect(cov.explainedVariance).toHaveLength(4);
    expect(cov.explainedVariance[3]).toBe(0);
    expect(Array.from(cov.components.subarray(3 * d))).toEqual([0, 0, 0, 0]);
    expectValidAxes(cov, d);

    const wideRows = new Float32Array(n * 8);
    for (let i = 0; i < n; i++) wideRows.set(rows.subarray(i * d, i * d + d), i * 8);
    const sample = fitPca(wideRows, n, 8, 10);
    expect(sample.explainedVariance).toHaveLength(5);
    expect(Array.from(sample.explainedVariance.subarray(3))).toEqual([0, 0]);
    for (let j = 0; j < 3; j++) expect(sample.explainedVariance[j]).toBeCloseTo(cov.explainedVariance[j], 10);

    const constant = fitPca(new Float32Array(12).fill(2), 4, 3, 2);
    expect(Array.from(constant.explainedVariance)).toEqual([0, 0]);
    expect(Array.from(constant.explainedVarianceRatio)).toEqual([0, 0]);
    expect(Array.from(transformPca(constant, new Float32Array([2, 2, 2, 9, 9, 9]), 2))).toEqual([0, 0, 0, 0]);
  });

  it('matches sklearn-style PCA computed with numpy on a fixed data set', () => {
    // numpy 1.24.2: X (float32, as here) centred in float64, np.linalg.svd(Xc); variance S²/(n − 1), ratio
    // S²/ΣS², rows of Vt flipped so their largest-magnitude entry is positive.
    const rows = new Float32Array([
      2.5, 2.4, 0.5, 0.5, 0.7, 1.0, 2.2, 2.9, -0.3, 1.9, 2.2, 0.8, 3.1, 3.0, 0.1, 2.3, 2.7, 0.4, 2.0, 1.6,
      1.2, 1.0, 1.1, 0.9,
    ]);
    const pca = fitPca(rows, 8, 3, 3);
    const mean = [1.9374999850988388, 2.0750000402331352, 0.5750000039115548];
    const variance = [1.5077834054762853, 0.14496803981712564, 0.0170699964016866];
    const ratio = [0.9029608602616089, 0.08681649198968439, 0.01022264774870672];
    const axes = [
      [0.6479095135331778, 0.6895304379674974, -0.3236680975776758],
      [0.5967189790820888, -0.19536044226976923, 0.7783063391746144],
      [-0.4734339682325619, 0.6974109783424054, 0.5380317881046235],
    ];
    mean.forEach((x, f) => expect(pca.mean[f]).toBeCloseTo(x, 6));
    // Centring in float32 perturbs the data at the input's own precision.
    variance.forEach((x, j) => expect(pca.explainedVariance[j] / x).toBeCloseTo(1, 6));
    ratio.forEach((x, j) => expect(pca.explainedVarianceRatio[j] / x).toBeCloseTo(1, 6));
    axes.forEach((axis, j) => axis.forEach((x, f) => expect(pca.components[j * 3 + f]).toBeCloseTo(x, 5)));
  });

  it('rejects bad arguments with a clear message', () => {
    const rows = new Float32Array(12);
    expect(() => fitPca(rows, 4, 3, 0)).toThrow(/components must be a positive integer, got 0/);
    expect(() => fitPca(rows, 1, 12, 2)).toThrow(/at least 2 samples, got 1/);
    expect(() => fitPca(rows, 4, 2, 2)).toThrow(/12 values are not 4 samples × 2 features/);
    rows[7] = NaN;
    expect(() => fitPca(rows, 4, 3, 2)).toThrow(/sample 2, feature 1 is NaN/);
    const pca = fitPca(new Float32Array([0, 1, 1, 0, 2, 2]), 3, 2, 1);
    expect(() => transformPca(pca, new Float32Array([1, Infinity]), 1)).toThrow(/feature 1 is Infinity/);
    expect(() => transformPca(pca, new Float32Array(3), 1)).toThrow(
      /3 values are not 1 samples × 2 features/,
    );
  });
});
