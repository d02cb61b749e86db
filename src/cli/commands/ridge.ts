/**
 * `boldstudio ridge --train-x Xtr.npy --train-y Ytr.npy --test-x Xte.npy [--alphas a,b,…] [--folds K]
 * [--cv gcv|kfold] [--no-intercept] [--threads N] --out DIR`: ridge regression with one α per target,
 * chosen by GCV (default: one pass over the targets, fastest) or by K contiguous folds (`--folds K` alone
 * implies `--cv kfold`; default K = 5), refit on all training samples. Writes DIR/pred.npy (test
 * predictions, float32, samples × targets) and DIR/alpha.npy (the α chosen per target, float64).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readNpy, writeNpy } from '../../core/formats/npy';
import { subContext } from '../../core/jobs/progress';
import type { Gemm } from '../../core/numerics/gemm';
import { fitRidge, predictRidge, type CvRule, type RidgeOptions } from '../../core/numerics/ridge';
import { UsageError, type Command } from '../command';
import { cliGemm } from '../nativeOrt';
import { terminalProgress } from '../progress';

interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
  /** The file held one column as a 1-D array. */
  vector: boolean;
}

/** A 1-D or 2-D numeric .npy as a float32 matrix (a 1-D array is one column). */
function readMatrix(path: string, what: string): Matrix {
  let array;
  try {
    array = readNpy(readFileSync(path));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const { shape, data } = array;
  if (shape.length < 1 || shape.length > 2)
    throw new Error(`${path}: ${what} must be a 1-D or 2-D array, got shape (${shape.join(', ')})`);
  if (data instanceof BigInt64Array) throw new Error(`${path}: ${what} is int64; give floats`);
  return {
    rows: shape[0],
    cols: shape.length === 2 ? shape[1] : 1,
    data: data instanceof Float32Array ? data : Float32Array.from(data),
    vector: shape.length === 1,
  };
}

export function parseAlphas(text: string): number[] {
  const alphas = text.split(',').map((s) => Number(s.trim()));
  if (alphas.length === 0 || alphas.some((a) => !(a > 0 && Number.isFinite(a))))
    throw new UsageError(`--alphas must be positive numbers separated by commas, got "${text}"`);
  return alphas;
}

export function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

export function cvRule(cv: string | undefined, folds: string | undefined): CvRule {
  if (cv === undefined) return folds === undefined ? 'gcv' : 'kfold';
  if (cv !== 'gcv' && cv !== 'kfold') throw new UsageError(`--cv must be gcv or kfold, got "${cv}"`);
  if (cv === 'gcv' && folds !== undefined) throw new UsageError('--folds applies to --cv kfold only');
  return cv;
}

export const ridgeCommand: Command = {
  name: 'ridge',
  summary:
    'fit ridge regression with one α per target (by GCV, or K-fold CV with --folds K) and predict test samples (.npy)',
  usage:
    'boldstudio ridge --train-x Xtr.npy --train-y Ytr.npy --test-x Xte.npy [--alphas a,b,…] [--folds 5] [--cv gcv|kfold] [--no-intercept] [--threads N] --out DIR',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        'train-x': { type: 'string' },
        'train-y': { type: 'string' },
        'test-x': { type: 'string' },
        alphas: { type: 'string' },
        folds: { type: 'string' },
        cv: { type: 'string' },
        'no-intercept': { type: 'boolean' },
        threads: { type: 'string' },
        out: { type: 'string' },
      },
    });
    for (const need of ['train-x', 'train-y', 'test-x', 'out'] as const)
      if (!values[need]) throw new UsageError(`--${need} is required`);
    const cv = cvRule(values.cv, values.folds);
    const folds = values.folds === undefined ? undefined : positiveInt('folds', values.folds);
    const alphas = values.alphas === undefined ? undefined : parseAlphas(values.alphas);
    const threads = values.threads === undefined ? undefined : positiveInt('threads', values.threads);

    // The worker threads start up while the files are read.
    const gemm = await cliGemm(threads);
    try {
      return await fitAndPredict(
        values as Paths,
        { alphas, cv, folds, intercept: !values['no-intercept'] },
        gemm,
      );
    } finally {
      await gemm.release();
    }
  },
};

type Paths = Record<'train-x' | 'train-y' | 'test-x' | 'out', string>;

async function fitAndPredict(paths: Paths, options: Omit<RidgeOptions, 'gemm'>, gemm: Gemm): Promise<number> {
  const started = performance.now();
  const x = readMatrix(paths['train-x'], 'training features');
  const y = readMatrix(paths['train-y'], 'training targets');
  const test = readMatrix(paths['test-x'], 'test features');
  if (x.vector || test.vector) throw new Error('feature arrays must be 2-D (samples × features)');
  if (y.rows !== x.rows)
    throw new Error(
      `--train-y has ${y.rows} samples but --train-x has ${x.rows}: give the same samples in the same order`,
    );
  if (test.cols !== x.cols) throw new Error(`--test-x has ${test.cols} features but --train-x has ${x.cols}`);
  const loaded = performance.now();

  const progress = terminalProgress('ridge');
  const fit = await fitRidge(
    { x: x.data, y: y.data, n: x.rows, d: x.cols, v: y.cols },
    { ...options, gemm },
    subContext(progress, 0, 0.95),
  );
  const fitted = performance.now();
  const pred = await predictRidge(fit, test.data, test.rows, gemm);
  await progress.checkpoint(1, 'done');
  const predicted = performance.now();

  mkdirSync(paths.out, { recursive: true });
  const predPath = join(paths.out, 'pred.npy');
  const alphaPath = join(paths.out, 'alpha.npy');
  writeFileSync(predPath, writeNpy({ shape: y.vector ? [test.rows] : [test.rows, y.cols], data: pred }));
  writeFileSync(alphaPath, writeNpy({ shape: [y.cols], data: fit.alpha }));
  const seconds = (a: number, b: number) => `${((b - a) / 1000).toFixed(1)} s`;
  const rule = fit.cv === 'gcv' ? 'GCV' : `${fit.folds}-fold CV`;
  console.log(
    [
      `wrote ${predPath} (${test.rows} × ${y.cols}) and ${alphaPath}`,
      `  ${x.rows} samples × ${x.cols} features → ${y.cols} targets; α by ${rule} over ${fit.alphas.length} values (${fit.alphas[0].toPrecision(3)} … ${fit.alphas[fit.alphas.length - 1].toPrecision(3)})`,
      `  products: ${fit.precision === 'float32' ? gemm.label : 'JS float64 (float32 could not resolve the smallest α)'}`,
      `  read ${seconds(started, loaded)}, fit ${seconds(loaded, fitted)}, predict ${seconds(fitted, predicted)}`,
    ].join('\n'),
  );
  return 0;
}
