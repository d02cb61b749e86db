import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { exactGemm, type Gemm } from './gemm';
import type { Dense } from './matmul';
import { factorShiftedGrid, tridiagonalize, type Tridiagonal } from './tridiagonal';
import { WasmSgemm } from './wasmGemm';
import { ShiftSolver } from './wasmShiftSolve';

/** A symmetric positive semidefinite n×n Gram matrix of `rank` random columns. */
function gram(n: number, rank: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const x = Float64Array.from({ length: rank * n }, () => rng.normal());
  const g = new Float64Array(n * n);
  for (let p = 0; p < rank; p++)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[i * n + j] += x[p * n + i] * x[p * n + j];
  return g;
}

/** T·x for tridiagonal T. */
function tridiagonalTimes(t: Tridiagonal, x: ArrayLike<number>): number[] {
  const n = t.diag.length;
  return Array.from(
    { length: n },
    (_, i) =>
      t.diag[i] * x[i] + (i > 0 ? t.off[i - 1] * x[i - 1] : 0) + (i + 1 < n ? t.off[i] * x[i + 1] : 0),
  );
}

/** max |Q T Qᵀ − A| / max |A| and max |QᵀQ − I|. */
function errors(a: Float64Array, n: number, t: Tridiagonal, q: Dense) {
  const column = (k: number) => Array.from({ length: n }, (_, i) => q[i * n + k]);
  const qt = Array.from({ length: n }, (_, k) => column(k)); // columns of Q
  const tq = Array.from({ length: n }, (_, i) =>
    tridiagonalTimes(
      t,
      Array.from({ length: n }, (_, k) => q[i * n + k]),
    ),
  );
  let recon = 0;
  let orth = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * tq[j][k];
      recon = Math.max(recon, Math.abs(s - a[i * n + j]));
      max = Math.max(max, Math.abs(a[i * n + j]));
      const dot = qt[i].reduce((acc, x, k) => acc + x * qt[j][k], 0);
      orth = Math.max(orth, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return { recon: recon / (max || 1), orth };
}

describe('tridiagonalize', () => {
  it('reduces symmetric matrices to A = Q T Qᵀ with orthogonal Q, across panel and block edges', async () => {
    for (const [n, rank] of [
      [1, 1],
      [2, 2],
      [3, 3],
      [33, 40],
      [70, 20],
      [131, 131],
    ]) {
      const a = gram(n, rank, n);
      const { diag, off, q } = await tridiagonalize(a, n);
      expect(off.length).toBe(Math.max(0, n - 1));
      const e = errors(a, n, { diag, off }, q);
      expect(e.recon).toBeLessThan(1e-12);
      expect(e.orth).toBeLessThan(1e-12);
    }
  });

  it('forms a float32 Q with a float32 gemm, accurate to float32 rounding', async () => {
    const n = 90;
    const a = gram(n, n, 5);
    const kernel = await WasmSgemm.create();
    const float32: Gemm = {
      precision: 'float32',
      label: 'wasm SIMD sgemm',
      multiply: async (x, y, shape) => kernel.multiply(x, y, shape),
      allocate: (length) => new Float32Array(length),
      release: async () => {},
    };
    const { diag, off, q } = await tridiagonalize(a, n, float32);
    expect(q).toBeInstanceOf(Float32Array);
    const e = errors(a, n, { diag, off }, q);
    expect(e.recon).toBeLessThan(1e-5);
    expect(e.orth).toBeLessThan(1e-5);
  });

  it('keeps an already tridiagonal or zero matrix as it is', async () => {
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = i + 1;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = 0.5;
    }
    const { diag, off } = await tridiagonalize(a, n);
    expect(Array.from(diag)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(off).map(Math.abs)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const zero = await tridiagonalize(new Float64Array(16), 4);
    expect(Array.from(zero.diag)).toEqual([0, 0, 0, 0]);
  });

  it('rejects non-square or non-finite input', async () => {
    await expect(tridiagonalize(new Float64Array(5), 2, exactGemm)).rejects.toThrow('5 values are not 2×2');
    await expect(tridiagonalize(Float64Array.from([1, NaN, NaN, 1]), 2)).rejects.toThrow(
      'entry (0, 1) is NaN',
    );
  });
});

describe('shifted tridiagonal solves', () => {
  const n = 37;
  const rng = createRng(3);
  const t: Tridiagonal = {
    diag: Float64Array.from({ length: n }, () => rng.range(2, 5)),
    off: Float64Array.from({ length: n - 1 }, () => rng.range(-1, 1)),
  };
  // Diagonally dominant, so positive semidefinite (Gershgorin), as a Gram matrix's T is.
  const alphas = Float64Array.from([3, 10, 100]);

  it('factors T + αI for a grid: traces of the inverses and pivots', () => {
    const grid = factorShiftedGrid(t, alphas);
    for (const [s, alpha] of alphas.entries()) {
      // tr((T + αI)⁻¹) by solving for each unit vector.
      let trace = 0;
      for (let i = 0; i < n; i++) {
        const e = Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));
        trace += solveDense(t, alpha, e)[i];
      }
      expect(grid.traceInverse[s] / trace).toBeCloseTo(1, 12);
      expect(grid.worstPivot[s]).toBeGreaterThanOrEqual(1 - 1e-12);
    }
  });

  it('solves every shift at once in wasm, with zᵀu and uᵀu, for float32 and float64 z', async () => {
    const grid = factorShiftedGrid(t, alphas);
    for (const precision of ['float32', 'float64'] as const) {
      const solver = await ShiftSolver.create(grid, precision);
      const targets = 3;
      const values = Array.from({ length: targets * n }, () => rng.normal());
      const z = precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
      solver.load(z);
      for (let j = 0; j < targets; j++) {
        solver.solve(j);
        const zj = Array.from(z.subarray(j * n, (j + 1) * n));
        for (const [s, alpha] of alphas.entries()) {
          const want = solveDense(t, alpha, zj);
          for (let i = 0; i < n; i++) expect(solver.u(i, s)).toBeCloseTo(want[i], 12);
          expect(solver.zu[s]).toBeCloseTo(
            want.reduce((acc, x, i) => acc + x * zj[i], 0),
            11,
          );
          expect(solver.uu[s]).toBeCloseTo(
            want.reduce((acc, x) => acc + x * x, 0),
            11,
          );
        }
      }
    }
  });
});

/** (T + αI)⁻¹ b by Gaussian elimination on the dense matrix. */
function solveDense(t: Tridiagonal, alpha: number, b: number[]): number[] {
  const n = b.length;
  const m = Array.from({ length: n }, (_, i) => [
    ...Array.from({ length: n }, (_, j) =>
      i === j ? t.diag[i] + alpha : Math.abs(i - j) === 1 ? t.off[Math.min(i, j)] : 0,
    ),
    b[i],
  ]);
  for (let c = 0; c < n; c++) {
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}
