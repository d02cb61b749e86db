/**
 * Householder reduction of a symmetric matrix to tridiagonal form, A = Q T Qᵀ, and the O(n) work on
 * T + αI that ridge regression needs for each α: solves and the trace of the inverse.
 *
 * Ridge only applies rational functions of A ((A + αI)⁻¹, A(A + αI)⁻¹) to vectors, and those are as cheap
 * on a tridiagonal T as on a diagonal one: the eigenvectors of T would cost two to three times the
 * reduction itself and buy nothing.
 */
import { subContext, type JobContext, silentContext } from '../jobs/progress';
import { exactGemm, type Gemm } from './gemm';
import { ReductionKernels } from './wasmReduction';
import type { Dense } from './matmul';

/** A symmetric tridiagonal matrix: `diag` (n) and `off` (n − 1, off[i] couples i and i + 1). */
export interface Tridiagonal {
  diag: Float64Array;
  off: Float64Array;
}

export interface Tridiagonalization extends Tridiagonal {
  /** Q, n×n row-major and orthogonal, with A = Q T Qᵀ; float32 when formed by a float32 gemm. */
  q: Dense;
}

/** Rows reduced per panel; their rank-2k update of the trailing matrix is then one blocked pass. */
const PANEL = 32;
/** Reflectors applied per block when forming Q (compact WY: two products with this inner size). */
const Q_BLOCK = 64;

/**
 * Reduces the symmetric n×n row-major `a` (upper triangle read; not modified) in float64. The reduction
 * (about (2/3)n³ multiply-adds, half of them matrix-vector products that no blocking removes) runs in JS;
 * forming Q ((2/3)n³ more) goes through `gemm`, so a float32 gemm gives a float32 Q.
 */
export async function tridiagonalize(
  a: Float64Array,
  n: number,
  gemm: Gemm = exactGemm,
  ctx: JobContext = silentContext,
): Promise<Tridiagonalization> {
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`tridiagonalize: order must be an integer ≥ 0, got ${n}`);
  if (a.length !== n * n) throw new Error(`tridiagonalize: ${a.length} values are not ${n}×${n}`);
  // A power-of-two scale keeps Householder norms far from overflow at no rounding cost.
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i]);
    if (!Number.isFinite(x))
      throw new Error(`tridiagonalize: entry (${Math.floor(i / n)}, ${i % n}) is ${a[i]}`);
    if (x > max) max = x;
  }
  const scale = max > 0 ? 2 ** Math.floor(Math.log2(max)) : 1;
  const kernels = await ReductionKernels.create(n, PANEL);
  const w = kernels.a;
  for (let i = 0; i < a.length; i++) w[i] = a[i] / scale;
  const diag = new Float64Array(n);
  const off = new Float64Array(Math.max(0, n - 1));
  const taus = new Float64Array(n);
  await reduce(kernels, n, diag, off, taus, subContext(ctx, 0, 0.7));
  for (let i = 0; i < n; i++) diag[i] *= scale;
  for (let i = 0; i < n - 1; i++) off[i] *= scale;
  const q = await formQ(w, taus, n, gemm, subContext(ctx, 0.7, 1));
  return { diag, off, q };
}

/**
 * Blocked reduction in place: step j reflects row j's part right of the superdiagonal onto it with
 * H_j = I − τ_j v_j v_jᵀ (v_j lives on indices > j and is left in row j of `w`). Within a panel the
 * trailing matrix is not touched: step j sees it as the panel-start matrix minus Σ (v_p w_pᵀ + w_p v_pᵀ)
 * over the panel's earlier steps, and the whole correction is applied once after the panel.
 */
async function reduce(
  kernels: ReductionKernels,
  n: number,
  diag: Float64Array,
  off: Float64Array,
  taus: Float64Array,
  ctx: JobContext,
): Promise<void> {
  const { a: w, vs, ws, y: p } = kernels;
  const row = new Float64Array(n);
  const vDots = new Float64Array(PANEL);
  const wDots = new Float64Array(PANEL);
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const k1 = Math.min(n, k0 + PANEL);
    vs.fill(0);
    ws.fill(0);
    for (let j = k0; j < k1; j++) {
      const done = j - k0;
      // Row j as the previous steps left it (columns ≥ j).
      for (let c = j; c < n; c++) row[c] = w[j * n + c];
      for (let s = 0; s < done; s++) {
        const vj = vs[s * n + j];
        const wj = ws[s * n + j];
        const vo = s * n;
        for (let c = j; c < n; c++) row[c] -= vj * ws[vo + c] + wj * vs[vo + c];
      }
      diag[j] = row[j];
      if (j + 1 >= n) continue;
      if (j + 2 >= n) {
        off[j] = row[j + 1];
        continue;
      }
      const alpha = row[j + 1];
      let sigma = 0;
      for (let c = j + 2; c < n; c++) sigma += row[c] * row[c];
      const vo = done * n;
      if (sigma === 0) {
        // Already reduced: H = I (τ = 0, v = w = 0).
        off[j] = alpha;
        w.fill(0, j * n + j + 1, j * n + n);
        continue;
      }
      const norm = Math.sqrt(alpha * alpha + sigma);
      // v₀ = α + sign(α)‖x‖ avoids cancellation; then H x = −sign(α)‖x‖ e₁.
      const v0 = alpha >= 0 ? alpha + norm : alpha - norm;
      off[j] = alpha >= 0 ? -norm : norm;
      const tau = 2 / (v0 * v0 + sigma);
      taus[j] = tau;
      vs[vo + j + 1] = v0;
      for (let c = j + 2; c < n; c++) vs[vo + c] = row[c];
      const v = vs.subarray(vo, vo + n);
      w.set(v.subarray(j + 1), j * n + j + 1);

      // p = τ (A_panel-start − Σ_s (v_s w_sᵀ + w_s v_sᵀ)) v on indices > j.
      symvUpper(kernels, n, j + 1, done);
      for (let s = 0; s < done; s++) {
        let wv = 0;
        let vv = 0;
        const so = s * n;
        for (let c = j + 1; c < n; c++) {
          wv += ws[so + c] * v[c];
          vv += vs[so + c] * v[c];
        }
        vDots[s] = vv;
        wDots[s] = wv;
      }
      for (let s = 0; s < done; s++) {
        const so = s * n;
        const wv = wDots[s];
        const vv = vDots[s];
        for (let c = j + 1; c < n; c++) p[c] -= vs[so + c] * wv + ws[so + c] * vv;
      }
      // w = p − (τ pᵀv / 2) v makes H A H = A − v wᵀ − w vᵀ.
      let pv = 0;
      for (let c = j + 1; c < n; c++) {
        p[c] *= tau;
        pv += p[c] * v[c];
      }
      const half = (tau * pv) / 2;
      for (let c = j + 1; c < n; c++) ws[vo + c] = p[c] - half * v[c];
    }
    rank2kUpdate(kernels, n, k1, k1 - k0);
    await ctx.checkpoint(1 - ((n - k1) / Math.max(1, n)) ** 3, 'tridiagonal reduction');
  }
}

/**
 * y[from…] = A[from…, from…]·v from the upper triangle of row-major A (the lower half is implied), v
 * being row `vRow` of the panel's vectors. Four rows at a time share each load of v[c] and each update of
 * y[c]; the long part of each row runs in wasm (wasmReduction.ts), the 4×4 diagonal block and an odd
 * leftover column here.
 */
function symvUpper(kernels: ReductionKernels, n: number, from: number, vRow: number): void {
  const { a, y } = kernels;
  const v = kernels.vs.subarray(vRow * n, vRow * n + n);
  const sums = new Float64Array(4);
  y.fill(0, from);
  let i = from;
  for (; i + 3 < n; i += 4) {
    const r0 = i * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    const v0 = v[i];
    const v1 = v[i + 1];
    const v2 = v[i + 2];
    const v3 = v[i + 3];
    // The 4×4 diagonal block, its lower half mirrored from the upper.
    const a01 = a[r0 + i + 1];
    const a02 = a[r0 + i + 2];
    const a03 = a[r0 + i + 3];
    const a12 = a[r1 + i + 2];
    const a13 = a[r1 + i + 3];
    const a23 = a[r2 + i + 3];
    let s0 = a[r0 + i] * v0 + a01 * v1 + a02 * v2 + a03 * v3;
    let s1 = a01 * v0 + a[r1 + i + 1] * v1 + a12 * v2 + a13 * v3;
    let s2 = a02 * v0 + a12 * v1 + a[r2 + i + 2] * v2 + a23 * v3;
    let s3 = a03 * v0 + a13 * v1 + a23 * v2 + a[r3 + i + 3] * v3;
    const c = i + 4;
    if ((n - c) % 2 === 1) {
      const x0 = a[r0 + c];
      const x1 = a[r1 + c];
      const x2 = a[r2 + c];
      const x3 = a[r3 + c];
      s0 += x0 * v[c];
      s1 += x1 * v[c];
      s2 += x2 * v[c];
      s3 += x3 * v[c];
      y[c] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
    }
    kernels.symv4(i, vRow, sums);
    y[i] += s0 + sums[0];
    y[i + 1] += s1 + sums[1];
    y[i + 2] += s2 + sums[2];
    y[i + 3] += s3 + sums[3];
  }
  for (; i < n; i++) {
    const ri = i * n;
    const vi = v[i];
    let s = a[ri + i] * vi;
    for (let c = i + 1; c < n; c++) {
      s += a[ri + c] * v[c];
      y[c] += a[ri + c] * vi;
    }
    y[i] += s;
  }
}

/**
 * A[i, c] −= Σ_s (v_s[i] w_s[c] + w_s[i] v_s[c]) on the upper triangle from row `from`, for the `count`
 * vector pairs of a panel, four pairs per pass of wasm over a row (the panel's unused pairs are zero). An
 * odd leftover column — the diagonal — is done here.
 */
function rank2kUpdate(kernels: ReductionKernels, n: number, from: number, count: number): void {
  const { a, vs, ws } = kernels;
  for (let i = from; i < n; i++) {
    for (let s = 0; s < count; s += 4) kernels.update4(i, s);
    if ((n - i) % 2 === 1) for (let s = 0; s < count; s++) a[i * n + i] -= 2 * vs[s * n + i] * ws[s * n + i];
  }
}

/**
 * Q = H_0 H_1 ⋯ H_{n−3}, accumulated from the last reflector backwards so each block only meets the
 * trailing part of Q it changes: with V the block's vectors (m×b) and U its compact-WY triangle
 * (H_first ⋯ H_last = I − V U Vᵀ), the trailing block Q_S becomes Q_S − V (U (Vᵀ Q_S)).
 */
async function formQ(
  w: Float64Array,
  taus: Float64Array,
  n: number,
  gemm: Gemm,
  ctx: JobContext,
): Promise<Dense> {
  // Q is kept in the gemm's precision: a float32 gemm would round a float64 Q on every block anyway.
  const alloc = (size: number): Dense =>
    gemm.precision === 'float32' ? gemm.allocate(size) : new Float64Array(size);
  const last = n - 3; // the last reflector; none when n < 3
  // The trailing block, rows and columns first…n−1, contiguous (m×m).
  let first = n;
  let qs = alloc(0);
  for (let hi = last; hi >= 0; hi -= Q_BLOCK) {
    const lo = Math.max(0, hi - Q_BLOCK + 1);
    const b = hi - lo + 1;
    // Reflectors lo…hi touch indices ≥ lo + 1: grow the block to that, identity in the new part.
    const start = lo + 1;
    const m = n - start;
    const shift = first - start;
    const mOld = n - first;
    const grown = alloc(m * m);
    for (let i = 0; i < shift; i++) grown[i * m + i] = 1;
    for (let i = 0; i < mOld; i++) grown.set(qs.subarray(i * mOld, i * mOld + mOld), (i + shift) * m + shift);
    qs = grown;
    first = start;

    // V (m×b): column t is reflector lo + t, zero above its first index.
    const v = new Float64Array(m * b);
    for (let t = 0; t < b; t++) {
      const k = lo + t;
      for (let c = k + 1; c < n; c++) v[(c - start) * b + t] = w[k * n + c];
    }
    const gram = await gemm.multiply(v, v, { m: b, k: m, n: b, transA: true });
    const u = wyTriangle(gram, b, taus.subarray(lo, hi + 1));
    const vtq = await gemm.multiply(v, qs, { m: b, k: m, n: m, transA: true });
    const uvtq = await gemm.multiply(u, vtq, { m: b, k: b, n: m, transA: false });
    const update = await gemm.multiply(v, uvtq, { m, k: b, n: m, transA: false });
    for (let i = 0; i < qs.length; i++) qs[i] -= update[i];
    await ctx.checkpoint(1 - lo / Math.max(1, last), 'forming Q');
  }
  const q = alloc(n * n);
  for (let i = 0; i < first; i++) q[i * n + i] = 1;
  const mq = n - first;
  for (let i = 0; i < mq; i++) q.set(qs.subarray(i * mq, i * mq + mq), (i + first) * n + first);
  return q;
}

/**
 * The upper-triangular U (b×b) of the compact WY form H_0 ⋯ H_{b−1} = I − V U Vᵀ, column by column from
 * the Gram matrix VᵀV of the reflectors: U[t][t] = τ_t and U[0:t, t] = −τ_t U[0:t, 0:t] (VᵀV)[0:t, t].
 */
function wyTriangle(gram: Dense, b: number, taus: Float64Array): Float64Array {
  const u = new Float64Array(b * b);
  for (let t = 0; t < b; t++) {
    const tau = taus[t];
    u[t * b + t] = tau;
    if (tau === 0) continue;
    for (let r = 0; r < t; r++) {
      let sum = 0;
      for (let s = r; s < t; s++) sum += u[r * b + s] * gram[s * b + t];
      u[r * b + t] = -tau * sum;
    }
  }
  return u;
}

/**
 * The LDLᵀ factors of T + α_a I for a grid of shifts (T positive semidefinite, α_a > 0), interleaved —
 * entry i of shift a at i·count + a — so one sweep down and up T solves for every shift, their
 * recurrences independent of each other (wasmShiftSolve.ts). D's diagonal is kept as reciprocals; `lower`
 * is L's subdiagonal.
 */
export interface ShiftedGrid {
  alphas: Float64Array;
  count: number;
  order: number;
  lower: Float64Array;
  inversePivot: Float64Array;
  /** tr((T + α_a I)⁻¹) per shift. */
  traceInverse: Float64Array;
  /**
   * The smallest pivot over α_a per shift: at least 1 in exact arithmetic (a pivot of a positive definite
   * tridiagonal is at least its smallest eigenvalue), so below ½ T is not semidefinite to the precision it
   * was computed in.
   */
  worstPivot: Float64Array;
}

export function factorShiftedGrid(t: Tridiagonal, alphas: Float64Array): ShiftedGrid {
  const n = t.diag.length;
  const count = alphas.length;
  const lower = new Float64Array(n * count);
  const inversePivot = new Float64Array(n * count);
  const traceInverse = new Float64Array(count);
  const worstPivot = new Float64Array(count).fill(Infinity);
  const pivot = new Float64Array(n);
  alphas.forEach((alpha, s) => {
    for (let i = 0; i < n; i++) {
      const a = t.diag[i] + alpha;
      const d = i === 0 ? a : a - lower[(i - 1) * count + s] * t.off[i - 1];
      pivot[i] = d;
      inversePivot[i * count + s] = 1 / d;
      worstPivot[s] = Math.min(worstPivot[s], d / alpha);
      if (i + 1 < n) lower[i * count + s] = t.off[i] / d;
    }
    // diag((T + αI)⁻¹)_i = 1/(D_i + E_i − a_i), D and E the pivots of the forward and backward factorizations.
    let e = 0;
    for (let i = n - 1; i >= 0; i--) {
      const a = t.diag[i] + alpha;
      e = i === n - 1 ? a : a - (t.off[i] * t.off[i]) / e;
      traceInverse[s] += 1 / (pivot[i] + e - a);
    }
  });
  return {
    alphas: Float64Array.from(alphas),
    count,
    order: n,
    lower,
    inversePivot,
    traceInverse,
    worstPivot,
  };
}
