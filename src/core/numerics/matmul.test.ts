import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { mulAAt, mulAB, mulAtA, mulAtB, type Dense } from './matmul';

/** Random entries, about a third of them exactly zero to exercise the skipped-zero paths. */
function randomMatrix(rows: number, cols: number, seed: number, type: 'f32' | 'f64' = 'f64'): Dense {
  const rng = createRng(seed);
  const m = type === 'f32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = rng.next() < 0.3 ? 0 : rng.normal();
  return m;
}

/** Σ_p A[i, p]·B[p, j] with A's and B's elements addressed through accessors: the textbook triple loop. */
function naive(
  m: number,
  k: number,
  n: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a(i, p) * b(p, j);
      c[i * n + j] = s;
    }
  return c;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual).toHaveLength(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-11);
}

describe('dense products', () => {
  it('A·B matches the triple loop, across several cached panels of B and for float32 input', () => {
    // 2000 columns make the B panels 16 rows, so k = 37 spans three of them.
    for (const [m, k, n] of [
      [1, 1, 1],
      [5, 3, 4],
      [6, 37, 2000],
    ]) {
      const a = randomMatrix(m, k, m + k, 'f32');
      const b = randomMatrix(k, n, n);
      expectClose(
        mulAB(a, b, m, k, n),
        naive(
          m,
          k,
          n,
          (i, p) => a[i * k + p],
          (p, j) => b[p * n + j],
        ),
      );
    }
  });

  it('AᵀB matches the triple loop across several cached row blocks of C', () => {
    for (const [k, m, n] of [
      [3, 1, 2],
      [9, 7, 5],
      [4, 40, 1500],
    ]) {
      const a = randomMatrix(k, m, 10 + m);
      const b = randomMatrix(k, n, 20 + n, 'f32');
      expectClose(
        mulAtB(a, b, k, m, n),
        naive(
          m,
          k,
          n,
          (i, p) => a[p * m + i],
          (p, j) => b[p * n + j],
        ),
      );
    }
  });

  it('the Gram matrices AᵀA and AAᵀ match the triple loop and are exactly symmetric', () => {
    for (const [rows, cols] of [
      [1, 1],
      [8, 3],
      [3, 8],
      [5, 700],
      [40, 1000],
    ]) {
      const a = randomMatrix(rows, cols, rows * cols, rows % 2 ? 'f32' : 'f64');
      const ata = mulAtA(a, rows, cols);
      const aat = mulAAt(a, rows, cols);
      expectClose(
        ata,
        naive(
          cols,
          rows,
          cols,
          (i, p) => a[p * cols + i],
          (p, j) => a[p * cols + j],
        ),
      );
      expectClose(
        aat,
        naive(
          rows,
          cols,
          rows,
          (i, p) => a[i * cols + p],
          (p, j) => a[j * cols + p],
        ),
      );
      for (const [c, size] of [
        [ata, cols],
        [aat, rows],
      ] as const) {
        let asymmetric = 0;
        for (let i = 0; i < size; i++)
          for (let j = 0; j < i; j++) if (c[i * size + j] !== c[j * size + i]) asymmetric++;
        expect(asymmetric).toBe(0);
      }
    }
  });

  it('handles empty dimensions', () => {
    expect(mulAB(new Float64Array(0), new Float64Array(0), 0, 0, 3)).toHaveLength(0);
    expect(Array.from(mulAB(new Float64Array(0), new Float64Array(0), 2, 0, 2))).toEqual([0, 0, 0, 0]);
    expect(Array.from(mulAtA(new Float64Array(0), 0, 2))).toEqual([0, 0, 0, 0]);
    expect(mulAAt(new Float64Array(0), 0, 5)).toHaveLength(0);
  });

  it('rejects sizes that do not match the dimensions', () => {
    expect(() => mulAB(new Float64Array(6), new Float64Array(6), 2, 3, 3)).toThrow(
      /mulAB: B has 6 values, not 3×3/,
    );
    expect(() => mulAtB(new Float64Array(5), new Float64Array(6), 2, 3, 3)).toThrow(/mulAtB: A has 5 values/);
    expect(() => mulAtA(new Float64Array(6), -2, -3)).toThrow(/non-negative integers/);
    expect(() => mulAAt(new Float64Array(6), 2, 2)).toThrow(/mulAAt: A has 6 values, not 2×2/);
  });
});
