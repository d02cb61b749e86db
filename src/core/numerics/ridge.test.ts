import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { ortEngine } from '../backbone/engine';
import { CancelledError, createJobContext } from '../jobs/progress';
import { createRng } from '../random';
import { engineGemm } from './ortGemm';
import {
  fitRidge,
  foldRows,
  predictRidge,
  ridgeWeights,
  type RidgeOptions,
  type RidgeProblem,
} from './ridge';

ort.env.wasm.numThreads = 1;
const float32Gemm = engineGemm(ortEngine(ort, { executionProviders: ['wasm'] }), 'onnxruntime-web wasm');
afterAll(() => float32Gemm.release());

/** y = x·w + b + noise·ε with x ~ N(offset, scale_f²); returns w (d×v) and b too. */
function synthetic(n: number, d: number, v: number, seed: number, noise = 0.1, offset = 3) {
  const rng = createRng(seed);
  const scales = Array.from({ length: d }, (_, f) => 1 / Math.sqrt(1 + f));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) x[i * d + f] = offset + scales[f] * rng.normal();
  const w = Float64Array.from({ length: d * v }, () => rng.normal());
  const b = Float64Array.from({ length: v }, () => rng.range(-2, 2));
  const y = new Float32Array(n * v);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < v; t++) {
      let s = b[t] + noise * rng.normal();
      for (let f = 0; f < d; f++) s += x[i * d + f] * w[f * v + t];
      y[i * v + t] = s;
    }
  }
  return { problem: { x, y, n, d, v } satisfies RidgeProblem, w, b };
}

/** Rows `rows` of x centred on their own mean (or not), in float64. */
function centred(x: ArrayLike<number>, cols: number, rows: number[], intercept: boolean) {
  const mean = new Float64Array(cols);
  if (intercept) {
    for (const i of rows) for (let c = 0; c < cols; c++) mean[c] += x[i * cols + c] / rows.length;
  }
  const out = rows.map((i) => Array.from({ length: cols }, (_, c) => x[i * cols + c] - mean[c]));
  return { out, mean };
}

/** Solves the SPD system A s = rhs (A m×m, rhs m×k) by Cholesky, in float64. */
function solveSpd(a: number[][], rhs: number[][]): number[][] {
  const m = a.length;
  const l = a.map(() => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    let s = a[j][j];
    for (let k = 0; k < j; k++) s -= l[j][k] * l[j][k];
    l[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < m; i++) {
      let t = a[i][j];
      for (let k = 0; k < j; k++) t -= l[i][k] * l[j][k];
      l[i][j] = t / l[j][j];
    }
  }
  return rhs[0].map((_, col) => {
    const z = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      let t = rhs[i][col];
      for (let k = 0; k < i; k++) t -= l[i][k] * z[k];
      z[i] = t / l[i][i];
    }
    for (let i = m - 1; i >= 0; i--) {
      let t = z[i];
      for (let k = i + 1; k < m; k++) t -= l[k][i] * z[k];
      z[i] = t / l[i][i];
    }
    return z;
  });
}

/** Weights (as w[t][f]) and intercepts of ridge fitted directly: (XᵀX + αI) w = Xᵀy on centred rows. */
function directRidge(p: RidgeProblem, rows: number[], alpha: number, intercept = true) {
  const { out: xc, mean: xm } = centred(p.x, p.d, rows, intercept);
  const { out: yc, mean: ym } = centred(p.y, p.v, rows, intercept);
  const gram = Array.from({ length: p.d }, (_, a) =>
    Array.from({ length: p.d }, (_, b) => xc.reduce((s, r) => s + r[a] * r[b], 0) + (a === b ? alpha : 0)),
  );
  const rhs = Array.from({ length: p.d }, (_, a) =>
    Array.from({ length: p.v }, (_, t) => xc.reduce((s, r, i) => s + r[a] * yc[i][t], 0)),
  );
  const w = solveSpd(gram, rhs);
  const b = w.map((wt, t) => ym[t] - wt.reduce((s, x, f) => s + x * xm[f], 0));
  return { w, b };
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < want.length; i++) {
    num = Math.max(num, Math.abs(got[i] - want[i]));
    den = Math.max(den, Math.abs(want[i]));
  }
  return den === 0 ? num : num / den;
}

/** The fitted weights as w[t][f]. */
async function weightsByTarget(problem: RidgeProblem, options: RidgeOptions) {
  const fit = await fitRidge(problem, options);
  const { weights, intercept } = await ridgeWeights(fit);
  const w = range(0, problem.v).map((t) => range(0, problem.d).map((f) => weights[f * problem.v + t]));
  return { fit, w, b: Array.from(intercept) };
}

describe('fitRidge', () => {
  it('recovers known weights and intercepts', async () => {
    const { problem, w, b } = synthetic(500, 12, 4, 1, 0.01);
    const { fit, w: got, b: gotB } = await weightsByTarget(problem, { alphas: [1e-3, 1e-2, 1e-1, 1, 10] });
    for (let t = 0; t < problem.v; t++) {
      for (let f = 0; f < problem.d; f++) expect(got[t][f]).toBeCloseTo(w[f * problem.v + t], 2);
      expect(gotB[t]).toBeCloseTo(b[t], 1);
    }
    // Nearly noiseless data: the least-regularised α wins everywhere.
    expect(Array.from(fit.alpha)).toEqual([1e-3, 1e-3, 1e-3, 1e-3]);
  });

  it('matches a direct solve of (XᵀX + αI)w = Xᵀy for every α, with and without an intercept', async () => {
    const { problem } = synthetic(80, 15, 3, 2, 2);
    for (const intercept of [true, false]) {
      for (const alpha of [0.01, 1, 30, 1e4]) {
        const { w, b } = await weightsByTarget(problem, { alphas: [alpha], intercept });
        const want = directRidge(problem, range(0, problem.n), alpha, intercept);
        expect(maxRelativeError(w.flat(), want.w.flat())).toBeLessThan(1e-6);
        expect(maxRelativeError(b, want.b)).toBeLessThan(1e-6);
      }
    }
  });

  it('uses the kernel form when features outnumber samples, agreeing with the primal solve', async () => {
    const { problem } = synthetic(25, 60, 3, 3, 0.5);
    for (const alpha of [0.1, 5, 500]) {
      const { fit, w, b } = await weightsByTarget(problem, { alphas: [alpha] });
      expect(fit.order).toBe(25);
      const want = directRidge(problem, range(0, problem.n), alpha);
      expect(maxRelativeError(w.flat(), want.w.flat())).toBeLessThan(1e-6);
      expect(maxRelativeError(b, want.b)).toBeLessThan(1e-6);
    }
  });

  it('matches the direct solve to 1e-4 with float32 onnxruntime products', async () => {
    for (const [n, d] of [
      [400, 40],
      [30, 70],
    ]) {
      const { problem } = synthetic(n, d, 5, 4, 1);
      for (const alpha of [1, 100]) {
        const fit = await fitRidge(problem, { alphas: [alpha], gemm: float32Gemm });
        expect(fit.precision).toBe('float32');
        const { weights } = await ridgeWeights(fit, float32Gemm);
        const want = directRidge(problem, range(0, n), alpha);
        const got = range(0, problem.v).map((t) => range(0, d).map((f) => weights[f * problem.v + t]));
        expect(maxRelativeError(got.flat(), want.w.flat())).toBeLessThan(1e-4);
      }
    }
  });

  it('scores α by GCV exactly, and GCV tracks brute-force leave-one-out', async () => {
    const { problem } = synthetic(60, 6, 2, 5, 3);
    const { n, v } = problem;
    const alphas = [0.01, 0.3, 3, 30, 300];
    const fit = await fitRidge(problem, { alphas });
    for (const [a, alpha] of alphas.entries()) {
      // The hat matrix H = 11ᵀ/n + Xc (XcᵀXc + αI)⁻¹ Xcᵀ, densely.
      const { out: xc } = centred(problem.x, problem.d, range(0, n), true);
      const gram = xc[0].map((_, p) =>
        xc[0].map((_, q) => xc.reduce((s, r) => s + r[p] * r[q], 0) + (p === q ? alpha : 0)),
      );
      const inv = solveSpd(
        gram,
        gram.map((_, p) => gram.map((_, q) => (p === q ? 1 : 0))),
      );
      const hat = xc.map((ri) =>
        xc.map(
          (rj) => 1 / n + ri.reduce((s, x, p) => s + x * rj.reduce((u, y, q) => u + inv[p][q] * y, 0), 0),
        ),
      );
      const trace = hat.reduce((s, r, i) => s + r[i], 0);
      for (let t = 0; t < v; t++) {
        const y = range(0, n).map((i) => problem.y[i * v + t]);
        const resid = y.map((yi, i) => yi - hat[i].reduce((s, h, j) => s + h * y[j], 0));
        const gcv = (n * resid.reduce((s, r) => s + r * r, 0)) / (n - trace) ** 2;
        expect(fit.scores[a * v + t] / gcv).toBeCloseTo(1, 5);
        // Leave-one-out by refitting without each sample in turn.
        let loo = 0;
        for (let i = 0; i < n; i++) {
          const rows = range(0, n).filter((j) => j !== i);
          const { w, b } = directRidge(problem, rows, alpha);
          const pred = b[t] + w[t].reduce((s, x, f) => s + x * problem.x[i * problem.d + f], 0);
          loo += (problem.y[i * v + t] - pred) ** 2 / n;
        }
        expect(Math.abs(fit.scores[a * v + t] / loo - 1)).toBeLessThan(0.15);
      }
    }
  });

  it('scores α by K-fold exactly as refits on contiguous folds would', async () => {
    const { problem } = synthetic(53, 7, 3, 6, 2);
    const { n, v, d } = problem;
    const alphas = [0.1, 10, 1000];
    const fit = await fitRidge(problem, { alphas, cv: 'kfold', folds: 4 });
    expect(fit.folds).toBe(4);
    const bounds = range(0, 4).map((f) => foldRows(n, 4, f));
    expect(bounds).toEqual([
      [0, 13],
      [13, 26],
      [26, 39],
      [39, 53],
    ]);
    for (const [a, alpha] of alphas.entries()) {
      const sse = new Array<number>(v).fill(0);
      for (const [s, e] of bounds) {
        const { w, b } = directRidge(problem, [...range(0, s), ...range(e, n)], alpha);
        for (let i = s; i < e; i++) {
          for (let t = 0; t < v; t++) {
            const pred = b[t] + w[t].reduce((acc, x, f) => acc + x * problem.x[i * d + f], 0);
            sse[t] += (problem.y[i * v + t] - pred) ** 2;
          }
        }
      }
      for (let t = 0; t < v; t++) expect(fit.scores[a * v + t] / (sse[t] / n)).toBeCloseTo(1, 6);
    }
    // The refit uses all rows with each target's best α.
    const { weights } = await ridgeWeights(fit);
    for (let t = 0; t < v; t++) {
      const best = alphas.reduce(
        (bi, _, ai) => (fit.scores[ai * v + t] < fit.scores[bi * v + t] ? ai : bi),
        0,
      );
      expect(fit.alpha[t]).toBe(alphas[best]);
      const want = directRidge(problem, range(0, n), alphas[best]).w[t];
      expect(
        maxRelativeError(
          range(0, d).map((f) => weights[f * v + t]),
          want,
        ),
      ).toBeLessThan(1e-6);
    }
  });

  it('chooses small α for strong signals and large α for noise, and predicts new samples', async () => {
    const { problem } = synthetic(300, 10, 2, 7, 0.05);
    // Target 1 becomes pure noise.
    const rng = createRng(70);
    for (let i = 0; i < problem.n; i++) problem.y[i * 2 + 1] = rng.normal();
    const fit = await fitRidge(problem, { targetBlock: 1 });
    expect(fit.alphas.length).toBe(10);
    expect(fit.alpha[1]).toBeGreaterThan(100 * fit.alpha[0]);
    const test = synthetic(20, 10, 2, 7, 0.05);
    const pred = await predictRidge(fit, test.problem.x, 20);
    const { weights, intercept } = await ridgeWeights(fit);
    for (let i = 0; i < 20; i++) {
      for (let t = 0; t < 2; t++) {
        const want =
          intercept[t] +
          range(0, 10).reduce((s, f) => s + test.problem.x[i * 10 + f] * weights[f * 2 + t], 0);
        expect(pred[i * 2 + t]).toBeCloseTo(want, 3);
      }
    }
  });

  it('redoes the fit with float64 products when float32 cannot resolve the smallest α', async () => {
    const { problem } = synthetic(200, 20, 2, 8, 0.5);
    // Two identical features make XᵀX singular; α far below float32 rounding of it.
    for (let i = 0; i < problem.n; i++) problem.x[i * 20 + 19] = problem.x[i * 20 + 18];
    const alpha = 1e-6;
    const fit = await fitRidge(problem, { alphas: [alpha], gemm: float32Gemm });
    expect(fit.precision).toBe('float64');
    const { weights } = await ridgeWeights(fit);
    const want = directRidge(problem, range(0, problem.n), alpha);
    const got = range(0, 2).map((t) => range(0, 20).map((f) => weights[f * 2 + t]));
    expect(maxRelativeError(got.flat(), want.w.flat())).toBeLessThan(1e-4);
    await expect(fitRidge(problem, { alphas: [1e-13] })).rejects.toThrow(
      /within the rounding error.*use larger alphas/,
    );
  });

  it('rejects bad shapes, non-finite values and bad options with clear messages', async () => {
    const { problem } = synthetic(20, 3, 2, 9);
    await expect(fitRidge({ ...problem, n: 19 })).rejects.toThrow(
      'ridge: X (training features) has 60 values, not 19 samples × 3 features',
    );
    await expect(fitRidge({ ...problem, y: problem.y.subarray(1) })).rejects.toThrow(
      'ridge: Y (training targets) has 39 values, not 20 samples × 2 targets',
    );
    const x = problem.x.slice();
    x[3 * 3 + 2] = NaN;
    await expect(fitRidge({ ...problem, x })).rejects.toThrow(
      'ridge: X (training features) sample 3, feature 2 is NaN',
    );
    const y = problem.y.slice();
    y[5] = Infinity;
    await expect(fitRidge({ ...problem, y })).rejects.toThrow(
      'ridge: Y (training targets) sample 2, target 1 is Infinity',
    );
    await expect(fitRidge(problem, { alphas: [1, -1] })).rejects.toThrow(
      'alphas must be positive and finite, got -1',
    );
    await expect(fitRidge(problem, { alphas: [] })).rejects.toThrow('alphas is empty');
    await expect(fitRidge(problem, { cv: 'kfold', folds: 1 })).rejects.toThrow(
      /folds must be an integer ≥ 2/,
    );
    await expect(fitRidge(problem, { cv: 'loo' as never })).rejects.toThrow('cv must be "gcv" or "kfold"');
    const fit = await fitRidge(problem);
    await expect(predictRidge(fit, new Float32Array(7), 2)).rejects.toThrow(
      'has 7 values, not 2 samples × 3 features',
    );
  });

  it('reports progress and stops when cancelled', async () => {
    const { problem } = synthetic(120, 40, 6, 10);
    const seen: number[] = [];
    await fitRidge(
      problem,
      { cv: 'kfold', folds: 3, targetBlock: 2 },
      createJobContext({ onProgress: (u) => seen.push(u.fraction) }),
    );
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1] - 1e-12)).toBe(true);
    expect(seen.at(-1)).toBe(1);
    let checks = 0;
    const ctx = createJobContext({ isCancelled: () => ++checks > 5 });
    await expect(fitRidge(problem, { targetBlock: 1 }, ctx)).rejects.toBeInstanceOf(CancelledError);
  });
});
