/**
 * The few dense kernels the linear models need, on row-major matrices with explicit dimensions. Inputs may
 * be float32 or float64; products accumulate and return in float64. Inner loops run along contiguous rows
 * (i-k-j order) so they stream memory instead of striding it.
 */

export type Dense = Float32Array | Float64Array;

/** Bytes of output rows to keep hot while the inputs stream past: about half a typical L2. */
const BLOCK_BYTES = 256 * 1024;

/** C = A·B for A m×k and B k×n; C is m×n. */
export function mulAB(a: Dense, b: Dense, m: number, k: number, n: number): Float64Array {
  checkSize('mulAB: A', a, m, k);
  checkSize('mulAB: B', b, k, n);
  const c = new Float64Array(m * n);
  // Panels of B rows small enough to stay cached while every row of A passes over them.
  const panel = blockRows(n);
  for (let p0 = 0; p0 < k; p0 += panel) {
    const p1 = Math.min(k, p0 + panel);
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      for (let p = p0; p < p1; p++) {
        const aip = a[i * k + p];
        if (aip === 0) continue;
        const bp = p * n;
        for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
      }
    }
  }
  return c;
}

/** C = Aᵀ·B for A k×m and B k×n (k shared rows, e.g. samples); C is m×n. */
export function mulAtB(a: Dense, b: Dense, k: number, m: number, n: number): Float64Array {
  checkSize('mulAtB: A', a, k, m);
  checkSize('mulAtB: B', b, k, n);
  const c = new Float64Array(m * n);
  accumulateAtB(a, b, k, m, n, c, false);
  return c;
}

/** The Gram matrix AᵀA (m×m) of A k×m: only the upper triangle is computed, then mirrored. */
export function mulAtA(a: Dense, k: number, m: number): Float64Array {
  checkSize('mulAtA: A', a, k, m);
  const c = new Float64Array(m * m);
  accumulateAtB(a, a, k, m, m, c, true);
  mirrorUpper(c, m);
  return c;
}

/** The Gram matrix AAᵀ (m×m) of A m×k: dot products of row pairs, upper triangle mirrored. */
export function mulAAt(a: Dense, m: number, k: number): Float64Array {
  checkSize('mulAAt: A', a, m, k);
  const c = new Float64Array(m * m);
  // A block of rows i stays cached while each later row j streams past it once.
  const block = Math.max(1, Math.floor(BLOCK_BYTES / (8 * Math.max(1, k))));
  for (let i0 = 0; i0 < m; i0 += block) {
    const i1 = Math.min(m, i0 + block);
    for (let j = i0; j < m; j++) {
      const bj = j * k;
      const iEnd = Math.min(i1, j + 1);
      for (let i = i0; i < iEnd; i++) {
        const ai = i * k;
        // Two accumulators halve the add-latency chain.
        let s0 = 0;
        let s1 = 0;
        let p = 0;
        for (; p + 1 < k; p += 2) {
          s0 += a[ai + p] * a[bj + p];
          s1 += a[ai + p + 1] * a[bj + p + 1];
        }
        if (p < k) s0 += a[ai + p] * a[bj + p];
        c[i * m + j] = s0 + s1;
      }
    }
  }
  mirrorUpper(c, m);
  return c;
}

/** c += AᵀB, or only its upper triangle when `upper`: rank-1 updates per shared row, C in cached row blocks. */
function accumulateAtB(
  a: Dense,
  b: Dense,
  k: number,
  m: number,
  n: number,
  c: Float64Array,
  upper: boolean,
): void {
  const block = blockRows(n);
  for (let i0 = 0; i0 < m; i0 += block) {
    const i1 = Math.min(m, i0 + block);
    for (let p = 0; p < k; p++) {
      const ap = p * m;
      const bp = p * n;
      for (let i = i0; i < i1; i++) {
        const api = a[ap + i];
        if (api === 0) continue;
        const ci = i * n;
        for (let j = upper ? i : 0; j < n; j++) c[ci + j] += api * b[bp + j];
      }
    }
  }
}

/** Rows of `cols` float64 values that fit in the cache budget (at least one). */
function blockRows(cols: number): number {
  return Math.max(1, Math.floor(BLOCK_BYTES / (8 * Math.max(1, cols))));
}

function mirrorUpper(c: Float64Array, m: number): void {
  for (let i = 1; i < m; i++) for (let j = 0; j < i; j++) c[i * m + j] = c[j * m + i];
}

function checkSize(label: string, x: Dense, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0)
    throw new Error(`${label}: dimensions must be non-negative integers, got ${rows}×${cols}`);
  if (x.length !== rows * cols) throw new Error(`${label} has ${x.length} values, not ${rows}×${cols}`);
}
