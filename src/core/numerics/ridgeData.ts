/**
 * Data movement for ridge regression: validation, means, centred copies of sample rows, column blocks
 * of targets and transposes. Samples are rows of row-major float32 matrices; a subset of samples is a list of half-open
 * row ranges (a k-fold training set is the rows before and after its validation block).
 */

import type { Dense } from './matmul';

export type RowRanges = readonly (readonly [number, number])[];

export const countRows = (ranges: RowRanges): number => ranges.reduce((s, [a, b]) => s + b - a, 0);

/** Throws, naming the matrix and the entry, unless `data` is rows×cols of finite numbers. */
export function checkMatrix(
  label: string,
  data: Float32Array,
  rows: number,
  cols: number,
  rowName = 'sample',
  colName = 'column',
): void {
  if (data.length !== rows * cols)
    throw new Error(
      `ridge: ${label} has ${data.length} values, not ${rows} ${rowName}s × ${cols} ${colName}s`,
    );
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new Error(
        `ridge: ${label} ${rowName} ${Math.floor(i / cols)}, ${colName} ${i % cols} is ${data[i]}`,
      );
  }
}

/** Per-column sums over the given rows, in float64. */
export function columnSums(data: Float32Array, cols: number, ranges: RowRanges): Float64Array {
  const sums = new Float64Array(cols);
  for (const [a, b] of ranges) {
    for (let i = a; i < b; i++) {
      const o = i * cols;
      for (let c = 0; c < cols; c++) sums[c] += data[o + c];
    }
  }
  return sums;
}

/**
 * `checkMatrix` and the column sums in one pass over the data: a non-finite entry makes its column's sum
 * non-finite (float32 values cannot overflow a float64 sum), and only then is the data searched for it.
 */
export function checkedColumnSums(
  label: string,
  data: Float32Array,
  rows: number,
  cols: number,
  rowName: string,
  colName: string,
): Float64Array {
  if (data.length !== rows * cols) checkMatrix(label, data, rows, cols, rowName, colName);
  const sums = columnSums(data, cols, [[0, rows]]);
  if (!sums.every(Number.isFinite)) checkMatrix(label, data, rows, cols, rowName, colName);
  return sums;
}

/** Allocates the float32 arrays that go into matrix products (see Gemm.allocate). */
export type Allocate = (length: number) => Float32Array;
const plain: Allocate = (length) => new Float32Array(length);

/**
 * The given rows minus `mean`, as float32 (rows × cols): the difference is taken in float64, so an offset
 * that dwarfs the spread costs no precision before the float32 products.
 */
export function centredRows(
  data: Float32Array,
  cols: number,
  ranges: RowRanges,
  mean: Float64Array,
  allocate: Allocate = plain,
): Float32Array {
  const out = allocate(countRows(ranges) * cols);
  let r = 0;
  for (const [a, b] of ranges) {
    for (let i = a; i < b; i++, r++) {
      const src = i * cols;
      const dst = r * cols;
      for (let c = 0; c < cols; c++) out[dst + c] = data[src + c] - mean[c];
    }
  }
  return out;
}

/** Targets v0…v1−1 of the given rows, centred by `mean`, with each centred column's sum of squares. */
export function targetBlock(
  y: Float32Array,
  v: number,
  ranges: RowRanges,
  v0: number,
  v1: number,
  mean: Float64Array,
  allocate: Allocate = plain,
): { block: Float32Array; sumSquares: Float64Array } {
  const width = v1 - v0;
  const block = allocate(countRows(ranges) * width);
  const sumSquares = new Float64Array(width);
  let r = 0;
  for (const [a, b] of ranges) {
    for (let i = a; i < b; i++, r++) {
      const src = i * v + v0;
      const dst = r * width;
      for (let j = 0; j < width; j++) {
        const x = y[src + j] - mean[v0 + j];
        block[dst + j] = x;
        sumSquares[j] += x * x;
      }
    }
  }
  return { block, sumSquares };
}

/** The transpose of a rows × cols row-major matrix, as float32 (cols × rows). */
export function transpose(x: Dense, rows: number, cols: number, allocate: Allocate = plain): Float32Array {
  const t = allocate(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}
