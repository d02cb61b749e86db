/**
 * Fitting worker: encoding-model fits off the UI thread. Matrix products go through onnxruntime on the
 * studio's backend (threaded wasm, or WebGPU), the rest of the fit runs here.
 */
import type { JobContext } from '../src/core/jobs/progress';
import { subContext } from '../src/core/jobs/progress';
import { engineGemm } from '../src/core/numerics/ortGemm';
import { fitRidge, predictRidge, type RidgeOptions } from '../src/core/numerics/ridge';
import { activeBackend, engine } from './ortBackend';
import { exposeJobs } from './runtime';

export interface RidgeJob {
  /** Training features (n × d) and targets (n × v), row-major. */
  x: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
  v: number;
  /** Samples to predict (nTest × d). */
  test: Float32Array;
  nTest: number;
  options: Omit<RidgeOptions, 'gemm'>;
}

export interface RidgeResult {
  /** Predictions for the test samples (nTest × v). */
  pred: Float32Array;
  /** The α chosen per target. */
  alpha: Float64Array;
  /** What ran the matrix products. */
  products: string;
}

async function ridge(job: RidgeJob, ctx: JobContext): Promise<RidgeResult> {
  const gemm = engineGemm(engine(), `onnxruntime-web ${activeBackend()}`);
  try {
    const { x, y, n, d, v, test, nTest } = job;
    const fit = await fitRidge({ x, y, n, d, v }, { ...job.options, gemm }, subContext(ctx, 0, 0.95));
    const pred = await predictRidge(fit, test, nTest, gemm);
    await ctx.checkpoint(1, 'predicted');
    const products = fit.precision === 'float32' ? gemm.label : 'JS float64';
    return { pred, alpha: fit.alpha, products };
  } finally {
    await gemm.release();
  }
}

const jobs = { ridge };
export type FittingJobs = typeof jobs;
exposeJobs(jobs);
