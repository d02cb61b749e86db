import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { eigh, type Eigh } from './eigh';

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = rng.normal();
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

/** Q diag(values) Qᵀ with Q a random orthogonal matrix (the eigenvectors of a random symmetric one). */
function withSpectrum(values: number[], seed: number): Float64Array {
  const n = values.length;
  const q = eigh(randomSymmetric(n, seed), n).vectors;
  const a = new Float64Array(n * n);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a[i * n + j] += values[k] * q[k * n + i] * q[k * n + j];
  // Exact symmetry, as the callers' Gram matrices have.
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  return a;
}

/** ‖A − V diag(λ) Vᵀ‖_F / ‖A‖_F (or the absolute error for the zero matrix). */
function reconstructionError(a: ArrayLike<number>, { values, vectors }: Eigh, n: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += values[k] * vectors[k * n + i] * vectors[k * n + j];
      num += (a[i * n + j] - s) ** 2;
      den += a[i * n + j] ** 2;
    }
  }
  return Math.sqrt(num / (den || 1));
}

/** max |V Vᵀ − I| over the rows of V. */
function orthonormalityError(vectors: Float64Array, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += vectors[i * n + k] * vectors[j * n + k];
      worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

function expectDescending(values: Float64Array): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
}

function expectDecomposes(a: ArrayLike<number>, result: Eigh, n: number): void {
  expect(result.values).toHaveLength(n);
  expect(result.vectors).toHaveLength(n * n);
  expectDescending(result.values);
  expect(reconstructionError(a, result, n)).toBeLessThan(1e-9);
  expect(orthonormalityError(result.vectors, n)).toBeLessThan(1e-12);
}

describe('eigh', () => {
  it('decomposes random symmetric matrices to working precision', () => {
    for (const [n, seed] of [
      [2, 1],
      [3, 2],
      [7, 3],
      [50, 4],
      [200, 5],
    ]) {
      const a = randomSymmetric(n, seed);
      const result = eigh(a, n);
      expectDecomposes(a, result, n);
      let trace = 0;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        trace += a[i * n + i];
        sum += result.values[i];
      }
      expect(sum).toBeCloseTo(trace, 10);
    }
  });

  it('finds the analytic spectrum and eigenvectors of the second-difference matrix', () => {
    // tridiag(−1, 2, −1): λ_k = 2 − 2cos(kπ/(n+1)), v_k(i) ∝ sin(ikπ/(n+1)). Already tridiagonal, so the
    // Householder steps are identities and QL does all the work.
    const n = 64;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
    }
    const result = eigh(a, n);
    expectDecomposes(a, result, n);
    for (let j = 0; j < n; j++) {
      const k = n - j; // descending order
      expect(result.values[j]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < n; i++) {
        const s = Math.sin(((i + 1) * k * Math.PI) / (n + 1));
        dot += s * result.vectors[j * n + i];
        norm += s * s;
      }
      expect(Math.abs(dot) / Math.sqrt(norm)).toBeCloseTo(1, 10);
    }
  });

  it('sorts a diagonal matrix and returns unit vectors', () => {
    const diagonal = [3, -1, 7, 0, 2.5];
    const n = diagonal.length;
    const a = new Float64Array(n * n);
    diagonal.forEach((x, i) => (a[i * n + i] = x));
    const { values, vectors } = eigh(a, n);
    expect(Array.from(values)).toEqual([7, 3, 2.5, 0, -1]);
    [2, 0, 4, 3, 1].forEach((axis, j) => expect(Math.abs(vectors[j * n + axis])).toBe(1));
  });

  it('keeps eigenvectors orthonormal for repeated eigenvalues', () => {
    const spectrum = [3, 3, 3, 1, 1, -2, -2, 0];
    const n = spectrum.length;
    const a = withSpectrum(spectrum, 11);
    const result = eigh(a, n);
    expectDecomposes(a, result, n);
    const sorted = [...spectrum].sort((x, y) => y - x);
    sorted.forEach((x, i) => expect(result.values[i]).toBeCloseTo(x, 12));

    const identity = new Float64Array(n * n);
    for (let i = 0; i < n; i++) identity[i * n + i] = 1;
    const id = eigh(identity, n);
    expect(Array.from(id.values)).toEqual(new Array(n).fill(1));
    expectDecomposes(identity, id, n);
  });

  it('handles a rank-one matrix, a spectrum spanning many decades and block-diagonal splits', () => {
    const n = 30;
    const rng = createRng(7);
    const u = Array.from({ length: n }, () => rng.normal());
    const rankOne = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rankOne[i * n + j] = u[i] * u[j];
    const r1 = eigh(rankOne, n);
    expectDecomposes(rankOne, r1, n);
    expect(r1.values[0]).toBeCloseTo(
      u.reduce((s, x) => s + x * x, 0),
      10,
    );
    for (let i = 1; i < n; i++) expect(Math.abs(r1.values[i])).toBeLessThan(1e-12 * r1.values[0]);

    const graded = Array.from({ length: 12 }, (_, i) => 10 ** -i);
    const g = eigh(withSpectrum(graded, 8), graded.length);
    graded.forEach((x, i) => expect(Math.abs(g.values[i] - x)).toBeLessThan(1e-14));

    // Two independent blocks: the tridiagonal splits and QL deflates each part separately.
    const b = 10;
    const blocks = new Float64Array(4 * b * b);
    const top = randomSymmetric(b, 21);
    const bottom = randomSymmetric(b, 22);
    for (let i = 0; i < b; i++) {
      for (let j = 0; j < b; j++) {
        blocks[i * 2 * b + j] = top[i * b + j];
        blocks[(i + b) * 2 * b + j + b] = bottom[i * b + j];
      }
    }
    const split = eigh(blocks, 2 * b);
    expectDecomposes(blocks, split, 2 * b);
    const separate = [...eigh(top, b).values, ...eigh(bottom, b).values].sort((x, y) => y - x);
    separate.forEach((x, i) => expect(split.values[i]).toBeCloseTo(x, 12));
  });

  it('converges on a large null space, as a rank-deficient Gram matrix has', () => {
    // XᵀX for X 20×200: 180 eigenvalues at the rounding floor, where a convergence test relative to the
    // neighbouring diagonal entries used to stall.
    const rank = 20;
    const n = 200;
    const rng = createRng(12);
    const x = Array.from({ length: rank * n }, () => rng.normal());
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        for (let r = 0; r < rank; r++) gram[i * n + j] += x[r * n + i] * x[r * n + j];
    const result = eigh(gram, n);
    expectDecomposes(gram, result, n);
    for (let i = rank; i < n; i++) expect(Math.abs(result.values[i])).toBeLessThan(1e-13 * result.values[0]);
    expect(result.values[rank - 1]).toBeGreaterThan(1);
  });

  it('is scale-invariant far from unit scale', () => {
    const n = 12;
    const a = randomSymmetric(n, 9);
    const base = eigh(a, n);
    for (const scale of [1e-300, 1e-150, 1e150, 1e305]) {
      const scaled = a.map((x) => x * scale);
      const result = eigh(scaled, n);
      // Squared errors would leave the float64 range at the extremes.
      if (Math.abs(Math.log10(scale)) < 200) expectDecomposes(scaled, result, n);
      base.values.forEach((x, i) => expect(result.values[i] / scale).toBeCloseTo(x, 12));
      base.vectors.forEach((x, i) => expect(Math.abs(result.vectors[i])).toBeCloseTo(Math.abs(x), 10));
    }
  });

  it('handles the trivial cases', () => {
    expect(eigh(new Float64Array(0), 0)).toEqual({
      values: new Float64Array(0),
      vectors: new Float64Array(0),
    });
    const one = eigh(new Float64Array([-4.5]), 1);
    expect(Array.from(one.values)).toEqual([-4.5]);
    expect(Array.from(one.vectors)).toEqual([1]);

    const zero = eigh(new Float64Array(25), 5);
    expect(Array.from(zero.values)).toEqual([0, 0, 0, 0, 0]);
    expect(orthonormalityError(zero.vectors, 5)).toBe(0);

    // [[2, 1], [1, 2]]: 3 along (1, 1)/√2, 1 along (1, −1)/√2.
    const two = eigh(new Float32Array([2, 1, 1, 2]), 2);
    expect(two.values[0]).toBeCloseTo(3, 15);
    expect(two.values[1]).toBeCloseTo(1, 15);
    expect(Math.abs(two.vectors[0] * two.vectors[1] * 2)).toBeCloseTo(1, 15);
    expect(two.vectors[2] * two.vectors[3] * 2).toBeCloseTo(-1, 15);
  });

  it('matches numpy on a fixed matrix', () => {
    // numpy 1.24.2, np.linalg.eigh on this matrix, eigenvalues reversed to descending and each eigenvector
    // signed so its largest-magnitude entry is positive.
    const a = new Float64Array([4, 1, -2, 2, 1, 2, 0, 1, -2, 0, 3, -2, 2, 1, -2, -1]);
    const values = [6.844621107234965, 2.2685314064312423, 1.0843644637732166, -2.1975169774394243];
    const vectors = [
      [0.7180459594506796, 0.2211529881551807, -0.5573513771375096, 0.3533564748939929],
      [0.20171109662094225, 0.7894499124874398, 0.5796341693167877, 0.01028099868633048],
      [0.6422600067660328, -0.5441878481946866, 0.520221850938615, -0.14398227457619128],
      [-0.17670517062447652, -0.17810046990630077, 0.28766803431970117, 0.9242849167461132],
    ];
    const result = eigh(a, 4);
    values.forEach((x, i) => expect(result.values[i]).toBeCloseTo(x, 13));
    vectors.forEach((expected, j) => {
      const row = Array.from(result.vectors.subarray(j * 4, j * 4 + 4));
      const sign = Math.sign(row[expected.indexOf(Math.max(...expected))]);
      expected.forEach((x, i) => expect(sign * row[i]).toBeCloseTo(x, 13));
    });
  });

  it('rejects malformed input with a clear message', () => {
    expect(() => eigh(new Float64Array(6), 2)).toThrow(/not square/);
    expect(() => eigh(new Float64Array(4), 1.5)).toThrow(/non-negative integer/);
    expect(() => eigh(new Float64Array([1, NaN, NaN, 1]), 2)).toThrow(/\(0, 1\) is NaN/);
    expect(() => eigh(new Float64Array([1, 0, 0, Infinity]), 2)).toThrow(/Infinity/);
    expect(() => eigh(new Float64Array([1, 2, 3, 4]), 2)).toThrow(/not symmetric at \(0, 1\)/);
  });
});
