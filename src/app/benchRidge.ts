/**
 * The `?bench` hook's ridge fit (bench/ridge.ts): reads .npy files from URLs, fits in the fitting worker
 * and scores the predictions here, so only a few numbers travel back to the benchmark.
 */
import { readNpy } from '../core/formats/npy';
import { columnCorrelations } from '../core/numerics/correlation';
import { median } from '../core/stats';
import type { CvRule } from '../core/numerics/ridge';
import { fittingWorker } from './workers';

async function fetchMatrix(url: string): Promise<{ rows: number; cols: number; data: Float32Array }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const { shape, data } = readNpy(new Uint8Array(await response.arrayBuffer()));
  if (!(data instanceof Float32Array) || shape.length !== 2)
    throw new Error(`${url}: not a 2-D float32 array`);
  return { rows: shape[0], cols: shape[1], data };
}

export async function benchRidge(args: {
  trainX: string;
  trainY: string;
  testX: string;
  testY: string;
  alphas: number[];
  cv: CvRule;
}): Promise<{ seconds: number; medianR: number; products: string }> {
  const [x, y, test, truth] = await Promise.all(
    [args.trainX, args.trainY, args.testX, args.testY].map(fetchMatrix),
  );
  await fittingWorker.ready();
  const started = performance.now();
  const { pred, products } = await fittingWorker.run(
    'ridge',
    {
      x: x.data,
      y: y.data,
      n: x.rows,
      d: x.cols,
      v: y.cols,
      test: test.data,
      nTest: test.rows,
      options: { alphas: args.alphas, cv: args.cv },
    },
    undefined,
    [x.data.buffer, y.data.buffer, test.data.buffer],
  ).promise;
  const seconds = (performance.now() - started) / 1000;
  return { seconds, medianR: median(columnCorrelations(pred, truth.data, truth.rows, truth.cols)), products };
}
