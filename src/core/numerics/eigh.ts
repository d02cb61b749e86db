/**
 * Symmetric eigendecomposition A = V diag(λ) Vᵀ of a dense matrix: Householder reduction to tridiagonal
 * form, then implicit QL with Wilkinson shifts on the tridiagonal, the rotations accumulated into the
 * Householder basis.
 */

/** Eigenvalues largest first; `vectors` is row-major n×n with row j the unit eigenvector of `values[j]`. */
export interface Eigh {
  values: Float64Array;
  /**
   * Vᵀ: eigenvectors as rows, so the top k are one contiguous block (PCA) and Vᵀ·Y and V·Z are plain row
   * kernels (ridge); it is also the layout in which the QL rotations touch contiguous memory.
   */
  vectors: Float64Array;
}

const EPS = 2 ** -52;
/** Per eigenvalue; QL with Wilkinson shifts typically needs two or three. */
const MAX_ITERATIONS = 60;
/** Asymmetry allowed relative to the largest entry: rounding, not a different matrix. */
const SYMMETRY_TOLERANCE = 1e-10;

/**
 * Eigendecomposition of the symmetric n×n row-major matrix `a` (n ≥ 0; not modified). Eigenvalues are
 * accurate to about ε‖A‖ in absolute terms. Time O(n³); memory two n×n float64 buffers besides `a`.
 */
export function eigh(a: Float32Array | Float64Array, n: number): Eigh {
  // Working near unit scale keeps the Householder norms away from overflow and underflow; a power of two
  // scales exactly.
  const scale = 2 ** Math.floor(Math.log2(checkSymmetric(a, n)));
  const work = Float64Array.from(a, (x) => x / scale);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const vt = tridiagonalize(work, n, d, e);
  diagonalizeTridiagonal(d, e, vt, n);
  for (let i = 0; i < n; i++) d[i] *= scale;
  // The reduction is done with `work`: it takes the sorted eigenvectors.
  return sortDescending(d, vt, n, work);
}

/** Validates shape, finiteness and symmetry; returns the largest |entry| (1 for the zero matrix). */
function checkSymmetric(a: Float32Array | Float64Array, n: number): number {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`eigh: matrix order must be a non-negative integer, got ${n}`);
  if (a.length !== n * n) throw new Error(`eigh: matrix is not square: ${a.length} values for ${n}×${n}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]);
    if (!Number.isFinite(x)) throw new Error(`eigh: entry (${Math.floor(i / n)}, ${i % n}) is ${a[i]}`);
    if (x > max) max = x;
  }
  const tolerance = SYMMETRY_TOLERANCE * max;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j] - a[j * n + i]) > tolerance)
        throw new Error(`eigh: matrix is not symmetric at (${i}, ${j}): ${a[i * n + j]} vs ${a[j * n + i]}`);
    }
  }
  return max > 0 ? max : 1;
}

/**
 * Reduces the symmetric matrix in `w` (upper triangle read; overwritten) to T = Qᵀ A Q with diagonal `d`
 * and off-diagonal `e` (e[i] couples i and i+1; e[n−1] = 0). Returns Qᵀ, row-major.
 *
 * Step k reflects row k's part right of the diagonal onto its first entry with H = I − τ v vᵀ; H·A₂₂·H is
 * the rank-2 update A₂₂ − v wᵀ − w vᵀ with w from p = τ A₂₂ v. Each step's update is deferred into the
 * next step's pass for p, so the trailing triangle is swept once per step instead of twice.
 */
function tridiagonalize(w: Float64Array, n: number, d: Float64Array, e: Float64Array): Float64Array {
  const taus = new Float64Array(n);
  let v = new Float64Array(n);
  let p = new Float64Array(n);
  // The update still owed to rows past k; zero before the first step.
  let vPrev = new Float64Array(n);
  let wPrev = new Float64Array(n);
  for (let k = 0; k + 2 < n; k++) {
    const row = k * n;
    updateRow(w, n, k, vPrev, wPrev);
    d[k] = w[row + k];
    const alpha = w[row + k + 1];
    let sigma = 0;
    for (let j = k + 2; j < n; j++) sigma += w[row + j] * w[row + j];
    if (sigma === 0) {
      // Already reduced in this row: H = I, and a zero v makes the pass below only settle the debt.
      e[k] = alpha;
      v.fill(0, k + 1);
    } else {
      const norm = Math.sqrt(alpha * alpha + sigma);
      // v₀ = α + sign(α)‖x‖ avoids cancellation; H x = −sign(α)‖x‖ e₁.
      const v0 = alpha >= 0 ? alpha + norm : alpha - norm;
      e[k] = alpha >= 0 ? -norm : norm;
      taus[k] = 2 / (v0 * v0 + sigma);
      w[row + k + 1] = v0; // row k now holds v, kept for building Q
      for (let j = k + 1; j < n; j++) v[j] = w[row + j];
    }

    // One pass over rows i > k: settle the previous update, then add row i's share of A₂₂v (its dot
    // with v, and its off-diagonal part as the mirrored column).
    p.fill(0, k + 1);
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const pv = vPrev[i];
      const pw = wPrev[i];
      const vi = v[i];
      const aii = w[ri + i] - pv * wPrev[i] - pw * vPrev[i];
      w[ri + i] = aii;
      let sum = aii * vi;
      for (let j = i + 1; j < n; j++) {
        const a = w[ri + j] - pv * wPrev[j] - pw * vPrev[j];
        w[ri + j] = a;
        sum += a * v[j];
        p[j] += a * vi;
      }
      p[i] += sum;
    }
    const tau = taus[k];
    let pv = 0;
    for (let j = k + 1; j < n; j++) {
      p[j] *= tau;
      pv += p[j] * v[j];
    }
    // w = p − (τ pᵀv / 2) v, in place in p; it and v become the debt for the next step.
    const half = (tau * pv) / 2;
    for (let j = k + 1; j < n; j++) p[j] -= half * v[j];
    [vPrev, v] = [v, vPrev];
    [wPrev, p] = [p, wPrev];
  }
  for (let i = Math.max(0, n - 2); i < n; i++) updateRow(w, n, i, vPrev, wPrev);
  if (n >= 2) {
    d[n - 2] = w[(n - 2) * n + n - 2];
    e[n - 2] = w[(n - 2) * n + n - 1];
  }
  if (n >= 1) d[n - 1] = w[n * n - 1];
  return buildQt(w, taus, n);
}

/** Row i of the upper triangle −= v wᵀ + w vᵀ. */
function updateRow(w: Float64Array, n: number, i: number, v: Float64Array, wv: Float64Array): void {
  const ri = i * n;
  const vi = v[i];
  const wi = wv[i];
  for (let j = i; j < n; j++) w[ri + j] -= vi * wv[j] + wi * v[j];
}

/** Reflectors applied per pass over Qᵀ's rows: their vectors stay cached while each row is reused. */
const REFLECTOR_BLOCK = 16;

/**
 * Qᵀ = H_{n−3} ⋯ H₀, built as I·H_{n−3}⋯H₀. Right-multiplying by a reflector changes each row on its own
 * (row −= τ (row·v) vᵀ), so a block of reflectors is applied to one row at a time while it sits in cache.
 * Rows r ≤ k are still e_r when H_k arrives and are left alone.
 */
function buildQt(w: Float64Array, taus: Float64Array, n: number): Float64Array {
  const qt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) qt[i * n + i] = 1;
  for (let hi = n - 3; hi >= 0; hi -= REFLECTOR_BLOCK) {
    const lo = Math.max(0, hi - REFLECTOR_BLOCK + 1);
    for (let r = lo + 1; r < n; r++) {
      const ro = r * n;
      for (let k = Math.min(hi, r - 1); k >= lo; k--) {
        const tau = taus[k];
        if (tau === 0) continue;
        const vo = k * n; // v occupies w[k, k+1 … n−1]
        // Four partial sums break the add-latency chain of the dot product.
        let t0 = 0;
        let t1 = 0;
        let t2 = 0;
        let t3 = 0;
        let j = k + 1;
        for (; j + 3 < n; j += 4) {
          t0 += qt[ro + j] * w[vo + j];
          t1 += qt[ro + j + 1] * w[vo + j + 1];
          t2 += qt[ro + j + 2] * w[vo + j + 2];
          t3 += qt[ro + j + 3] * w[vo + j + 3];
        }
        for (; j < n; j++) t0 += qt[ro + j] * w[vo + j];
        const t = tau * (t0 + t1 + t2 + t3);
        for (j = k + 1; j < n; j++) qt[ro + j] -= t * w[vo + j];
      }
    }
  }
  return qt;
}

/**
 * Implicit QL on the tridiagonal (d, e): each sweep chases the bulge of a Wilkinson-shifted QL step up
 * from the first negligible off-diagonal m to l with Givens rotations, which are then applied to rows of
 * `vt` so that it ends as Vᵀ. On return `d` holds the eigenvalues, unsorted.
 */
function diagonalizeTridiagonal(d: Float64Array, e: Float64Array, vt: Float64Array, n: number): void {
  const cos = new Float64Array(n);
  const sin = new Float64Array(n);
  // Off-diagonals below ε‖T‖ are dropped: the reduction's backward error is already that large, and a test
  // relative to the neighbouring diagonal stalls on clusters of eigenvalues at that noise floor (the null
  // space of a rank-deficient Gram matrix) instead of converging.
  let norm = 0;
  for (let i = 0; i < n; i++)
    norm = Math.max(norm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const negligible = EPS * norm;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      let m = l;
      while (m + 1 < n && Math.abs(e[m]) > negligible) m++;
      if (m === l) break;
      if (iteration === MAX_ITERATIONS)
        throw new Error(`eigh: QL iteration did not converge for eigenvalue ${l} of ${n}`);

      // Shift: the eigenvalue of the leading 2×2 block [d_l e_l; e_l d_l+1] nearer d_l.
      const theta = (d[l + 1] - d[l]) / (2 * e[l]);
      const root = Math.hypot(theta, 1);
      let g = d[m] - d[l] + e[l] / (theta + (theta >= 0 ? root : -root));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        const r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // The bulge vanished (underflow): the matrix split at i+1; keep what was gained and rescan.
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        const t = (d[i] - g) * s + 2 * c * b;
        p = s * t;
        d[i + 1] = g + p;
        g = c * t - b;
        cos[i] = c;
        sin[i] = s;
      }
      rotateRows(vt, n, i + 1, m, cos, sin);
      if (i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
}

/**
 * Applies the sweep's rotations i = m−1 … lo, in that order, each taking rows (rᵢ, rᵢ₊₁) of `vt` to
 * (c·rᵢ − s·rᵢ₊₁, s·rᵢ + c·rᵢ₊₁). Four rotations share one pass over the columns, the running row held
 * in a register: a rotation is otherwise two loads and two stores for six flops, and this is the O(n³)
 * hot loop.
 */
function rotateRows(
  vt: Float64Array,
  n: number,
  lo: number,
  m: number,
  cos: Float64Array,
  sin: Float64Array,
): void {
  let i = m - 1;
  for (; i - 3 >= lo; i -= 4) {
    const c0 = cos[i];
    const s0 = sin[i];
    const c1 = cos[i - 1];
    const s1 = sin[i - 1];
    const c2 = cos[i - 2];
    const s2 = sin[i - 2];
    const c3 = cos[i - 3];
    const s3 = sin[i - 3];
    const r4 = (i + 1) * n;
    const r3 = r4 - n;
    const r2 = r3 - n;
    const r1 = r2 - n;
    const r0 = r1 - n;
    for (let j = 0; j < n; j++) {
      let y = vt[r4 + j];
      let x = vt[r3 + j];
      vt[r4 + j] = s0 * x + c0 * y;
      y = c0 * x - s0 * y;
      x = vt[r2 + j];
      vt[r3 + j] = s1 * x + c1 * y;
      y = c1 * x - s1 * y;
      x = vt[r1 + j];
      vt[r2 + j] = s2 * x + c2 * y;
      y = c2 * x - s2 * y;
      x = vt[r0 + j];
      vt[r1 + j] = s3 * x + c3 * y;
      vt[r0 + j] = c3 * x - s3 * y;
    }
  }
  for (; i >= lo; i--) {
    const c = cos[i];
    const s = sin[i];
    const ra = i * n;
    const rb = ra + n;
    for (let j = 0; j < n; j++) {
      const x = vt[ra + j];
      const y = vt[rb + j];
      vt[ra + j] = c * x - s * y;
      vt[rb + j] = s * x + c * y;
    }
  }
}

/** Eigenpairs largest first, the rows of `vt` permuted into `vectors` (n×n, overwritten). */
function sortDescending(d: Float64Array, vt: Float64Array, n: number, vectors: Float64Array): Eigh {
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => d[j] - d[i]);
  const values = new Float64Array(n);
  order.forEach((from, to) => {
    values[to] = d[from];
    vectors.set(vt.subarray(from * n, from * n + n), to * n);
  });
  return { values, vectors };
}
