/**
 * Ridge regression with one α per target, chosen from a grid by generalized cross-validation or by K-fold
 * cross-validation on the training samples, then refit on all of them.
 *
 * Everything per α runs on one decomposition (ridgeBasis.ts): with z = Pᵀy and u = (T + αI)⁻¹z, a target's
 * residual sum of squares and the hat matrix's trace come out in O(order) per α (ridgeSolve.ts), so GCV
 * costs one pass of matrix products over the targets however many alphas there are. K-fold needs the
 * held-out predictions of every α, one product each, and is several times slower.
 *
 * Products go through a `Gemm`; a float32 one (the wasm SIMD kernel, or onnxruntime) carries the large
 * work. When float32 rounding of XᵀX could decide the result for the smallest α (α below its rounding
 * level, or T + αI no longer positive definite), the fit is redone with exact float64 products.
 */
import { silentContext, subContext, type JobContext } from '../jobs/progress';
import { exactGemm, type Gemm } from './gemm';
import type { Dense } from './matmul';
import {
  centredRows,
  checkedColumnSums,
  checkMatrix,
  columnSums,
  targetBlock,
  transpose,
  type RowRanges,
} from './ridgeData';
import { targetPass } from './ridgePass';
import { alphaGrid, gridCoefficients, refitBlock, RoundingError } from './ridgeSolve';
import { ShiftSolver } from './wasmShiftSolve';

export type CvRule = 'gcv' | 'kfold';

/** Training data: n samples of d features (x) and of v targets (y), row-major float32. */
export interface RidgeProblem {
  x: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
  v: number;
}

export interface RidgeOptions {
  /** Candidate α (> 0). Default: `DEFAULT_ALPHA_COUNT` values, see `defaultAlphas`. */
  alphas?: readonly number[];
  /** How α is chosen per target (default 'gcv'). */
  cv?: CvRule;
  /** Contiguous folds for 'kfold' (default 5). */
  folds?: number;
  /** Fit an intercept by centring X and Y on the training means (default true). */
  intercept?: boolean;
  /** Runs the matrix products (default: exact float64 JS, fine for small problems only). */
  gemm?: Gemm;
  /** Targets per pass; memory is a few (samples × block) float32 buffers (default 2048). */
  targetBlock?: number;
}

export interface RidgeFit {
  d: number;
  v: number;
  /** The α grid, ascending. */
  alphas: Float64Array;
  /** The α chosen for each target (v). */
  alpha: Float64Array;
  /**
   * The estimated mean squared prediction error of each α for each target (alphas × v, row-major): the GCV
   * score, or the K-fold mean of squared validation errors. The chosen α has the lowest (ties: the larger α).
   */
  scores: Float32Array;
  cv: CvRule;
  /** 0 for GCV. */
  folds: number;
  intercept: boolean;
  /** The precision of the products: 'float64' also when float32 was too coarse and the fit was redone. */
  precision: 'float32' | 'float64';
  /** Training means (zeros without an intercept): predictions are (x − xMean)·w + yMean. */
  xMean: Float64Array;
  yMean: Float64Array;
  /** The weights are map·coefᵀ: map d×order; coef v×order, row t target t's coefficients. */
  order: number;
  map: Dense;
  coef: Float32Array;
}

export const DEFAULT_ALPHA_COUNT = 10;
/** The default grid spans these decades around the mean eigenvalue of XᵀX (from OLS to nearly the mean). */
const DEFAULT_DECADES = [-2, 4] as const;
const DEFAULT_FOLDS = 5;
const DEFAULT_TARGET_BLOCK = 2048;

/**
 * `count` values log-spaced from 10⁻² to 10⁴ times tr(XᵀX)/min(n, d), the mean nonzero eigenvalue of the
 * centred Gram matrix (n × the mean feature variance when n ≥ d): the grid follows the data's scale.
 */
export function defaultAlphas(trace: number, order: number, count = DEFAULT_ALPHA_COUNT): number[] {
  const scale = trace > 0 && order > 0 ? trace / order : 1;
  const [lo, hi] = DEFAULT_DECADES;
  return Array.from(
    { length: count },
    (_, i) => scale * 10 ** (lo + ((hi - lo) * i) / Math.max(1, count - 1)),
  );
}

/** Fits every target, choosing its α by `options.cv`; the fit predicts with `predictRidge`. */
export async function fitRidge(
  problem: RidgeProblem,
  options: RidgeOptions = {},
  ctx: JobContext = silentContext,
): Promise<RidgeFit> {
  const setup = prepare(problem, options);
  const gemm = options.gemm ?? exactGemm;
  try {
    return await fitWith(setup, gemm, ctx);
  } catch (error) {
    if (!(error instanceof RoundingError) || gemm.precision === 'float64') throw error;
    await ctx.checkpoint(0, `${error.message}: refitting with float64 products`);
    return fitWith(setup, exactGemm, ctx);
  }
}

interface Setup {
  problem: RidgeProblem;
  cv: CvRule;
  folds: number;
  intercept: boolean;
  alphas: Float64Array;
  block: number;
  xSum: Float64Array;
  ySum: Float64Array;
}

function prepare(problem: RidgeProblem, options: RidgeOptions): Setup {
  const { x, y, n, d, v } = problem;
  for (const [name, value] of Object.entries({ n, d, v }))
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`ridge: ${name} must be a positive integer, got ${value}`);
  const xSum = checkedColumnSums('X (training features)', x, n, d, 'sample', 'feature');
  const ySum = checkedColumnSums('Y (training targets)', y, n, v, 'sample', 'target');
  const cv = options.cv ?? 'gcv';
  if (cv !== 'gcv' && cv !== 'kfold')
    throw new Error(`ridge: cv must be "gcv" or "kfold", got "${String(cv)}"`);
  const intercept = options.intercept ?? true;
  const folds = cv === 'kfold' ? (options.folds ?? DEFAULT_FOLDS) : 0;
  // Each training set needs two samples to centre and one to fit.
  const minTrain = intercept ? 2 : 1;
  if (cv === 'kfold' && (!Number.isInteger(folds) || folds < 2 || n - Math.ceil(n / folds) < minTrain))
    throw new Error(
      `ridge: folds must be an integer ≥ 2 leaving ≥ ${minTrain} training samples, got ${folds} for n = ${n}`,
    );
  if (cv === 'gcv' && n < minTrain + 1)
    throw new Error(`ridge: GCV needs at least ${minTrain + 1} samples, got ${n}`);
  const block = options.targetBlock ?? DEFAULT_TARGET_BLOCK;
  if (!Number.isInteger(block) || block < 1)
    throw new Error(`ridge: targetBlock must be a positive integer, got ${block}`);

  let alphas = options.alphas;
  if (alphas) {
    if (alphas.length === 0) throw new Error('ridge: alphas is empty');
    for (const a of alphas)
      if (!(a > 0 && Number.isFinite(a)))
        throw new Error(`ridge: alphas must be positive and finite, got ${a}`);
  } else {
    alphas = defaultAlphas(centredTrace(x, d, xSum, n, intercept), Math.min(n, d));
  }
  return {
    problem,
    cv,
    folds,
    intercept,
    alphas: Float64Array.from(new Set(alphas)).sort(),
    block,
    xSum,
    ySum,
  };
}

/** ‖X − mean‖²_F = tr of the centred Gram matrix, in one pass. */
function centredTrace(x: Float32Array, d: number, xSum: Float64Array, n: number, intercept: boolean): number {
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += x[i] * x[i];
  if (!intercept) return sq;
  for (let c = 0; c < d; c++) sq -= (xSum[c] * xSum[c]) / n;
  return Math.max(0, sq);
}

async function fitWith(setup: Setup, gemm: Gemm, ctx: JobContext): Promise<RidgeFit> {
  const { problem, cv, folds, intercept, alphas } = setup;
  const { n, d, v } = problem;
  const scores = new Float32Array(alphas.length * v);

  // K-fold scores first, then the refit on all rows (which is also where GCV scores).
  const passes = cv === 'kfold' ? folds + 1 : 1;
  if (cv === 'kfold') {
    const sse = new Float64Array(alphas.length * v);
    for (let f = 0; f < folds; f++)
      await foldErrors(setup, f, gemm, sse, subContext(ctx, f / passes, (f + 1) / passes));
    for (let i = 0; i < sse.length; i++) scores[i] = sse[i] / n;
  }

  const xMean = means(setup.xSum, n, intercept);
  const yMean = means(setup.ySum, n, intercept);
  const alpha = new Float64Array(v);
  let coef: Float32Array = new Float32Array(0);
  const passCtx = subContext(ctx, (passes - 1) / passes, 1);
  const basis = await targetPass(passData(setup), [[0, n]], xMean, yMean, gemm, passCtx, async (basis) => {
    const grid = alphaGrid(basis, alphas, gemm);
    const target = {
      basis,
      grid,
      solver: await ShiftSolver.create(grid, gemm.precision),
      n,
      intercept,
      v,
      scores,
      alpha,
      coef: (coef = gemm.allocate(v * basis.order)),
    };
    return (block) => refitBlock(target, block, cv === 'gcv');
  });
  return {
    d,
    v,
    alphas,
    alpha,
    scores,
    cv,
    folds,
    intercept,
    precision: gemm.precision,
    xMean,
    yMean,
    order: basis.order,
    map: basis.map,
    coef,
  };
}

const means = (sums: Float64Array, n: number, intercept: boolean) =>
  intercept ? sums.map((s) => s / n) : new Float64Array(sums.length);

const passData = ({ problem, block }: Setup) => ({
  x: problem.x,
  y: problem.y,
  d: problem.d,
  v: problem.v,
  block,
});

/** Fold f's validation rows: the f-th of `folds` contiguous, near-equal blocks. */
export function foldRows(n: number, folds: number, f: number): [number, number] {
  return [Math.floor((f * n) / folds), Math.floor(((f + 1) * n) / folds)];
}

/**
 * Adds fold f's squared validation errors for every α and target to `sse` (alphas × v): fit on the other
 * rows (centred on their own means), predict the held-out block. Each α's prediction product runs while
 * the next α's coefficients are solved.
 */
async function foldErrors(setup: Setup, f: number, gemm: Gemm, sse: Float64Array, ctx: JobContext) {
  const { problem, intercept, alphas } = setup;
  const { x, y, n, d, v } = problem;
  const [s, e] = foldRows(n, setup.folds, f);
  const train = (
    [
      [0, s],
      [e, n],
    ] as const
  ).filter(([a, b]) => b > a);
  const held: RowRanges = [[s, e]];
  const nv = e - s;
  const xMean = trainingMeans(setup.xSum, columnSums(x, d, held), n - nv, intercept);
  const yMean = trainingMeans(setup.ySum, columnSums(y, v, held), n - nv, intercept);
  await targetPass(passData(setup), train, xMean, yMean, gemm, ctx, async (basis) => {
    const grid = alphaGrid(basis, alphas, gemm);
    const solver = await ShiftSolver.create(grid, gemm.precision);
    const r = basis.order;
    const heldX = centredRows(x, d, held, xMean);
    const heldFeatures = transpose(
      await gemm.multiply(heldX, basis.map, { m: nv, k: d, n: r, transA: false }),
      nv,
      r,
      gemm.allocate,
    );
    return async (block) => {
      const { v0, v1 } = block;
      const width = v1 - v0;
      const truth = transpose(targetBlock(y, v, held, v0, v1, yMean).block, nv, width);
      const coefs = gridCoefficients(grid, solver, block, gemm.allocate);
      // Each α's held-out predictions (width × nv), one product per α, all queued at once.
      const predictions = coefs.map((coef) =>
        gemm.multiply(coef, heldFeatures, { m: width, k: r, n: nv, transA: false }),
      );
      for (const p of predictions) p.catch(() => {}); // awaited in turn, possibly after an earlier failure
      for (let a = 0; a < coefs.length; a++)
        addErrors(sse, a * v + v0, truth, await predictions[a], width, nv);
    };
  });
}

/** sse[at + j] += Σ_i (truth − predicted)²[j, i] for target-major width × rows blocks. */
function addErrors(
  sse: Float64Array,
  at: number,
  truth: Float32Array,
  predicted: Dense,
  width: number,
  rows: number,
) {
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const err = truth[j * rows + i] - predicted[j * rows + i];
      sum += err * err;
    }
    sse[at + j] += sum;
  }
}

/** Means over the training rows: (all − held-out) / count. */
function trainingMeans(
  all: Float64Array,
  held: Float64Array,
  count: number,
  intercept: boolean,
): Float64Array {
  return intercept ? all.map((s, c) => (s - held[c]) / count) : new Float64Array(all.length);
}

/** Predictions (n × v, float32) for feature rows `x` (n × d). */
export async function predictRidge(
  fit: RidgeFit,
  x: Float32Array,
  n: number,
  gemm: Gemm = exactGemm,
): Promise<Float32Array> {
  const { d, v, order } = fit;
  checkMatrix('X (features to predict from)', x, n, d, 'sample', 'feature');
  const xc = centredRows(x, d, [[0, n]], fit.xMean, gemm.allocate);
  const features = transpose(
    await gemm.multiply(xc, fit.map, { m: n, k: d, n: order, transA: false }),
    n,
    order,
    gemm.allocate,
  );
  // Target-major: row t holds target t's predictions.
  const p = await gemm.multiply(fit.coef, features, { m: v, k: order, n, transA: false });
  const out = new Float32Array(n * v);
  for (let t = 0; t < v; t++) {
    const mean = fit.yMean[t];
    for (let i = 0; i < n; i++) out[i * v + t] = p[t * n + i] + mean;
  }
  return out;
}

/** The weights (d × v) and intercepts (v) of the fit: prediction = x·weights + intercept. */
export async function ridgeWeights(
  fit: RidgeFit,
  gemm: Gemm = exactGemm,
): Promise<{ weights: Float32Array; intercept: Float64Array }> {
  const { d, v, order } = fit;
  const wt = await gemm.multiply(fit.coef, transpose(fit.map, d, order), {
    m: v,
    k: order,
    n: d,
    transA: false,
  });
  const weights = transpose(wt, v, d);
  const intercept = Float64Array.from(fit.yMean);
  for (let c = 0; c < d; c++) {
    const m = fit.xMean[c];
    if (m !== 0) for (let t = 0; t < v; t++) intercept[t] -= m * weights[c * v + t];
  }
  return { weights, intercept };
}
