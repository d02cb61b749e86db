/**
 * The per-α arithmetic of ridge regression on a block of projected targets, target-major (row j of Z is
 * target v0 + j's z = Pᵀy, `order` values): the factor grid for the α grid, GCV scores, each target's
 * choice of α and its coefficients u = (T + αI)⁻¹z. Every α is solved in one sweep per target.
 */
import type { Gemm } from './gemm';
import type { RidgeBasis } from './ridgeBasis';
import type { Allocate } from './ridgeData';
import type { ProjectedBlock } from './ridgePass';
import { factorShiftedGrid, type ShiftedGrid, type Tridiagonal } from './tridiagonal';
import type { ShiftSolver } from './wasmShiftSolve';

/** Float32 products were too coarse for an α; the caller redoes the fit in float64. */
export class RoundingError extends Error {}

/**
 * The smallest α, relative to the largest eigenvalue of the Gram matrix, that products of each precision
 * resolve: the Gram matrix carries rounding errors of about (unit roundoff × accumulation length) × its
 * norm, and an α not well above them lets those errors decide the weights along its weakest directions.
 */
const RESOLVABLE_ALPHA = { float32: 1e-5, float64: 1e-13 };

/** Factors of T + αI for the grid, refusing an α that the products' rounding has made meaningless. */
export function alphaGrid(basis: RidgeBasis, alphas: Float64Array, gemm: Gemm): ShiftedGrid {
  const grid = factorShiftedGrid(basis.t, alphas);
  const floor = RESOLVABLE_ALPHA[gemm.precision] * largestEigenvalue(basis.t);
  // A pivot below α/2 means rounding made T indefinite by more than α/2; either test fails the grid.
  const unsafe = alphas.findIndex((a, s) => a < floor || grid.worstPivot[s] < 0.5);
  if (unsafe >= 0) {
    const what = `α = ${alphas[unsafe].toPrecision(3)} is within the rounding error of the ${gemm.precision} Gram matrix`;
    if (gemm.precision === 'float32') throw new RoundingError(what);
    throw new Error(`ridge: ${what}; use larger alphas`);
  }
  return grid;
}

/** Gershgorin's bound on T's largest eigenvalue: within a small factor of it, in O(order). */
function largestEigenvalue(t: Tridiagonal): number {
  let max = 0;
  const n = t.diag.length;
  for (let i = 0; i < n; i++)
    max = Math.max(
      max,
      t.diag[i] + (i > 0 ? Math.abs(t.off[i - 1]) : 0) + (i + 1 < n ? Math.abs(t.off[i]) : 0),
    );
  return max;
}

/** Where a pass writes its results: scores (alphas × v), the chosen α (v) and coefficients (v × order). */
export interface RefitTarget {
  basis: RidgeBasis;
  grid: ShiftedGrid;
  solver: ShiftSolver;
  /** Training rows. */
  n: number;
  intercept: boolean;
  v: number;
  scores: Float32Array;
  alpha: Float64Array;
  coef: Float32Array;
}

/**
 * For each target of the block: its GCV score per α when `gcv` (else `scores` must already hold the
 * K-fold ones), the α with the lowest score (ties: the larger α), and that α's coefficients.
 *
 * GCV(α) = n·RSS/(n − tr H)², the rotation-invariant form of leave-one-out error. With u = (T + αI)⁻¹z:
 * primal RSS = ‖y‖² − zᵀu − α‖u‖²; kernel RSS = α²‖u‖² (the residual is α(K + αI)⁻¹y); and
 * tr H = tr(G(G + αI)⁻¹) = order − α tr((T + αI)⁻¹), plus one for the intercept.
 */
export function refitBlock(
  target: RefitTarget,
  { v0, v1, z, sumSquares }: ProjectedBlock,
  gcv: boolean,
): void {
  const { basis, grid, solver, n, v, scores, alpha, coef } = target;
  const { count, order: r, alphas } = grid;
  const dof = alphas.map((a, s) => n - (r - a * grid.traceInverse[s]) - (target.intercept ? 1 : 0));
  solver.load(z);
  for (let j = 0; j < v1 - v0; j++) {
    const t = v0 + j;
    solver.solve(j);
    const { zu, uu } = solver;
    if (gcv) {
      for (let s = 0; s < count; s++) {
        const a = alphas[s];
        const rss = basis.form === 'primal' ? sumSquares[j] - zu[s] - a * uu[s] : a * a * uu[s];
        scores[s * v + t] = dof[s] > 0 ? (n * Math.max(0, rss)) / (dof[s] * dof[s]) : Infinity;
      }
    }
    let best = count - 1;
    for (let s = count - 2; s >= 0; s--) if (scores[s * v + t] < scores[best * v + t]) best = s;
    alpha[t] = alphas[best];
    const out = t * r;
    for (let i = 0; i < r; i++) coef[out + i] = solver.u(i, best);
  }
}

/** Every α's coefficients for the block: one width × order array per α of the grid, from `allocate`. */
export function gridCoefficients(
  grid: ShiftedGrid,
  solver: ShiftSolver,
  { v0, v1, z }: ProjectedBlock,
  allocate: Allocate,
): Float32Array[] {
  const { count, order: r } = grid;
  const width = v1 - v0;
  const out = Array.from({ length: count }, () => allocate(width * r));
  solver.load(z);
  for (let j = 0; j < width; j++) {
    solver.solve(j);
    for (let s = 0; s < count; s++) {
      const dst = out[s];
      for (let i = 0; i < r; i++) dst[j * r + i] = solver.u(i, s);
    }
  }
  return out;
}
