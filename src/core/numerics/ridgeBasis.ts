/**
 * The one decomposition ridge regression reuses for every α and every target: the Gram matrix of the
 * centred training features reduced to tridiagonal form, G = Q T Qᵀ. That is XᵀX (d×d, the primal form)
 * when there are at least as many samples as features, else XXᵀ (n×n, the kernel form), so its order is
 * min(n, d) either way.
 *
 * In both forms a target y's coefficients for α are u = (T + αI)⁻¹ z with z = Pᵀy, and its weights are
 * w = M u: primal P = XQ, M = Q (w = Q(T + αI)⁻¹QᵀXᵀy); kernel P = Q, M = XᵀQ (w = Xᵀ(XXᵀ + αI)⁻¹y).
 */
import { silentContext, type JobContext } from '../jobs/progress';
import type { Gemm } from './gemm';
import type { Dense } from './matmul';
import { transpose } from './ridgeData';
import { tridiagonalize, type Tridiagonal } from './tridiagonal';

export type RidgeForm = 'primal' | 'kernel';

export interface RidgeBasis {
  form: RidgeForm;
  /** Order r of T: min(n, d). */
  order: number;
  t: Tridiagonal;
  /** P, n×r: z = Pᵀy for a centred training target y. */
  project: Dense;
  /** M, d×r: weights w = M u. */
  map: Dense;
}

/** Decomposes the centred training features `xc` (n×d row-major). */
export async function ridgeBasis(
  xc: Float32Array,
  n: number,
  d: number,
  gemm: Gemm,
  ctx: JobContext = silentContext,
): Promise<RidgeBasis> {
  const form: RidgeForm = d <= n ? 'primal' : 'kernel';
  const order = Math.min(n, d);
  const xt = form === 'primal' ? xc : transpose(xc, n, d, gemm.allocate);
  const gram = await gemm.multiply(xt, xt, {
    m: order,
    k: form === 'primal' ? n : d,
    n: order,
    transA: true,
  });
  const { diag, off, q } = await tridiagonalize(symmetric(gram, order), order, gemm, ctx);
  const t = { diag, off };
  if (form === 'primal')
    return {
      form,
      order,
      t,
      project: await gemm.multiply(xc, q, { m: n, k: d, n: d, transA: false }),
      map: q,
    };
  return { form, order, t, project: q, map: await gemm.multiply(xc, q, { m: d, k: n, n, transA: true }) };
}

/**
 * z = Pᵀy for each target of a block of centred training targets (n × width), target-major: row j is
 * target j's z (width × order), so each target's solves read contiguous memory.
 */
export function project(
  basis: RidgeBasis,
  y: Float32Array,
  n: number,
  width: number,
  gemm: Gemm,
): Promise<Dense> {
  return gemm.multiply(y, basis.project, { m: width, k: n, n: basis.order, transA: true });
}

/** (A + Aᵀ)/2 in float64: a float32 product computes the two triangles separately. */
function symmetric(a: Dense, n: number): Float64Array {
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    s[i * n + i] = a[i * n + i];
    for (let j = i + 1; j < n; j++) s[i * n + j] = s[j * n + i] = (a[i * n + j] + a[j * n + i]) / 2;
  }
  return s;
}
