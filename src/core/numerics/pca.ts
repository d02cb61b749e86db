/**
 * Principal component analysis of feature rows, fitted on training samples by an eigendecomposition of
 * whichever Gram matrix is smaller: the d×d covariance, or the n×n sample Gram mapped back to features.
 */

import { mulAAt, mulAB, mulAtA } from './matmul';
import { eigh } from './eigh';

export interface Pca {
  /** Training mean per feature (d). */
  mean: Float32Array;
  /**
   * k×d row-major principal axes, largest variance first, each of unit length with its largest-magnitude
   * entry positive. Axes beyond the data's numerical rank carry no variance and are all zero, so both
   * solver branches agree and the transform gives 0 there.
   */
  components: Float32Array;
  /** Variance of the training scores along each axis (k), with the n − 1 denominator. */
  explainedVariance: Float64Array;
  /** explainedVariance over the total variance of the training features (k); 0 when that is 0. */
  explainedVarianceRatio: Float64Array;
}

const EPS = 2 ** -52;
/** Rows centred at a time by the transform, bounding its float64 scratch. */
const TRANSFORM_CHUNK = 256;

/**
 * Fits PCA to `rows` (n samples × d features, row-major), keeping k = min(components, n − 1, d) axes.
 * Costs O(n·d·min(n, d) + min(n, d)³) time and a float64 copy of the data (8·n·d bytes).
 */
export function fitPca(rows: Float32Array, n: number, d: number, components: number): Pca {
  if (!Number.isInteger(components) || components < 1)
    throw new Error(`PCA: components must be a positive integer, got ${components}`);
  if (!Number.isInteger(n) || n < 2) throw new Error(`PCA: needs at least 2 samples, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new Error(`PCA: needs at least 1 feature, got ${d}`);
  checkRows(rows, n, d);
  const k = Math.min(components, n - 1, d);

  const mean = featureMean(rows, n, d);
  // Centred in float64: float32 rounding of x − mean would blur exact rank deficiency (repeated samples,
  // dead features) into spurious tiny variances.
  const centred = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) centred[i * d + f] = rows[i * d + f] - mean[f];

  const axes = new Float64Array(k * d);
  const gramValues = new Float64Array(k);
  let trace = 0;
  if (d <= n) {
    // Covariance route: the axes are the eigenvectors of XᵀX directly.
    const gram = mulAtA(centred, n, d);
    for (let f = 0; f < d; f++) trace += gram[f * d + f];
    const { values, vectors } = eigh(gram, d);
    gramValues.set(values.subarray(0, k));
    axes.set(vectors.subarray(0, k * d));
  } else {
    // Sample route: XXᵀ u = λu gives the axis Xᵀu / √λ; normalised explicitly rather than trusting √λ.
    const gram = mulAAt(centred, n, d);
    for (let i = 0; i < n; i++) trace += gram[i * n + i];
    const { values, vectors } = eigh(gram, n);
    gramValues.set(values.subarray(0, k));
    axes.set(mulAB(vectors.subarray(0, k * n), centred, k, n, d));
    for (let j = 0; j < k; j++) scaleToUnit(axes.subarray(j * d, j * d + d));
  }

  // Eigenvalues within rounding of zero belong to the null space: their axes are arbitrary, so zero them.
  const nullBelow = gramValues[0] * Math.max(n, d) * EPS;
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const axis = axes.subarray(j * d, j * d + d);
    if (gramValues[j] <= nullBelow) {
      axis.fill(0);
      continue;
    }
    flipSign(axis);
    explainedVariance[j] = gramValues[j] / (n - 1);
    explainedVarianceRatio[j] = gramValues[j] / trace;
  }
  return {
    mean: Float32Array.from(mean),
    components: Float32Array.from(axes),
    explainedVariance,
    explainedVarianceRatio,
  };
}

/** Scores of `rows` (n × d) on the fitted axes: (x − mean)·axes, n×k row-major. */
export function transformPca(pca: Pca, rows: Float32Array, n: number): Float32Array {
  const d = pca.mean.length;
  const k = pca.explainedVariance.length;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`PCA: sample count must be a non-negative integer, got ${n}`);
  checkRows(rows, n, d);
  const axesT = new Float64Array(d * k);
  for (let j = 0; j < k; j++) for (let f = 0; f < d; f++) axesT[f * k + j] = pca.components[j * d + f];

  const scores = new Float32Array(n * k);
  for (let r0 = 0; r0 < n; r0 += TRANSFORM_CHUNK) {
    const count = Math.min(TRANSFORM_CHUNK, n - r0);
    const chunk = new Float64Array(count * d);
    for (let i = 0; i < count; i++) {
      const src = (r0 + i) * d;
      for (let f = 0; f < d; f++) chunk[i * d + f] = rows[src + f] - pca.mean[f];
    }
    scores.set(mulAB(chunk, axesT, count, d, k), r0 * k);
  }
  return scores;
}

function checkRows(rows: Float32Array, n: number, d: number): void {
  if (rows.length !== n * d)
    throw new Error(`PCA: ${rows.length} values are not ${n} samples × ${d} features`);
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isFinite(rows[i]))
      throw new Error(`PCA: sample ${Math.floor(i / d)}, feature ${i % d} is ${rows[i]}`);
  }
}

function featureMean(rows: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += rows[i * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  return mean;
}

function scaleToUnit(v: Float64Array): void {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  if (sq === 0) return;
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
}

/** Makes the largest-magnitude entry positive (first one on ties), the convention sklearn's svd_flip uses. */
function flipSign(v: Float64Array): void {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[at])) at = i;
  if (v[at] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
}
